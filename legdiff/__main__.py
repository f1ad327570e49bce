from legdiff.cli import main

main()
