"""The command line: parses arguments, does I/O, maps LegdiffError to "Error: ..." and exit 2.

Only this module imports click. The work is done by the library (legdiff.pipeline).
"""

from __future__ import annotations

import gc
import sys
import warnings
from pathlib import Path

import click

from legdiff import pipeline, serialize
from legdiff.case import load_case
from legdiff.errors import LegdiffError
from legdiff.similarity import ModelFallback

FORMATS = ("html", "json", "md", "csv")


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        # Provisions are many small long-lived objects: collecting garbage less often saves much
        # of the time of a large comparison and changes no result.
        gc.set_threshold(50_000, 20, 20)
        try:
            return super().invoke(ctx)
        except LegdiffError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="legdiff")
def main() -> None:
    """legdiff: what an ordinance codifies, adds and leaves out, and what changed between drafts.

    \b
    Examples:
      legdiff report corpora/denver-2017 -o denver.html
      legdiff report --ordinance ord.txt --practice memo.txt --concerns letter.txt --format md
      legdiff diff committee.txt final.txt --format html -o changes.html
      legdiff segment ordinance.txt --format json
      legdiff eval corpora/*/
    """


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write to this file instead of standard output.")
@click.option("--encoding", help="Text encoding of FILE when it is not UTF-8 (e.g. latin-1).")
@click.option("--revision", type=click.Choice(["old", "new"]), default="new", show_default=True,
              help="For a Word document with tracked changes: the text before the changes (old) "
                   "or with every change accepted (new).")
def segment(file: str, fmt: str, output: str | None, encoding: str | None, revision: str) -> None:
    """Split FILE into its provisions (sections, subsections, steps, bullets, sentences).

    \b
    Example:
      legdiff segment corpora/denver-2017/ordinance-final-2017-08-28.txt --format json
    """
    segmented = pipeline.segment_file(file, encoding=encoding, revisions=revision)
    if fmt == "json":
        text = serialize.dumps(serialize.segment_json([segmented]))
    else:
        text = pipeline.outline_text(segmented)
    _write(text, output)


@main.command()
@click.argument("case", required=False, type=click.Path(path_type=str))
@click.option("--ordinance", type=click.Path(path_type=str), help="The ordinance (or bill) to report on.")
@click.option("--practice", multiple=True, type=click.Path(path_type=str),
              help="A document of existing practice: memo, policy, procedure. Repeatable.")
@click.option("--order", multiple=True, type=click.Path(path_type=str),
              help="An executive order. Repeatable.")
@click.option("--concerns", multiple=True, type=click.Path(path_type=str),
              help="A list of concerns or asks, e.g. a community letter. Repeatable.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write to this file instead of standard output.")
@click.option("--model", type=click.Choice(["wordllama", "minilm", "none"]), default="wordllama",
              show_default=True, help="Similarity model (minilm needs the [minilm] extra).")
@click.option("--encoding", help="Text encoding of the documents when they are not UTF-8 (e.g. latin-1).")
def report(case: str | None, ordinance: str | None, practice: tuple[str, ...], order: tuple[str, ...],
           concerns: tuple[str, ...], fmt: str, output: str | None, model: str,
           encoding: str | None) -> None:
    """Report what an ordinance codifies, what is new, and what it leaves missing.

    CASE is a case folder (with case.toml or gold.json) naming each document's role; or give
    the documents with --ordinance, --practice, --order and --concerns.

    \b
    Examples:
      legdiff report corpora/denver-2017 -o denver.html
      legdiff report --ordinance ord.txt --practice memo.txt --concerns letter.txt --format json
    """
    if case is not None:
        loaded = load_case(case)
        ordinance = ordinance or loaded.ordinance
        practice = practice or loaded.practice
        order = order or loaded.order
        concerns = concerns or loaded.concerns
        title = loaded.title
    else:
        title = ""
    if not ordinance:
        raise LegdiffError("no ordinance given; pass a case folder or --ordinance FILE")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = pipeline.build_report(ordinance, practice=practice, order=order, concerns=concerns,
                                       model=model, title=title, encoding=encoding,
                                       progress=_progress)
    fallbacks = [str(w.message) for w in caught if issubclass(w.category, ModelFallback)]
    for warning in fallbacks + list(result.warnings):
        click.echo(f"Warning: {warning}", err=True)
    _write(pipeline.render_report(result, fmt), output)


@main.command(name="eval")
@click.argument("cases", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--model", type=click.Choice(["wordllama", "minilm", "none"]), default="wordllama",
              show_default=True, help="Similarity model to measure.")
@click.option("-v", "--verbose", is_flag=True, help="List every item that went wrong.")
def evaluate(cases: tuple[str, ...], model: str, verbose: bool) -> None:
    """Score reports against the gold labels of labelled cases.

    Prints, per case, status accuracy and alignment precision / recall / F1, and which items
    went wrong (all of them with -v).

    \b
    Example:
      legdiff eval corpora/denver-2017 corpora/riverton-tenant-protections -v
    """
    from legdiff.evaluate import evaluate_case

    for case in cases:
        score = evaluate_case(case, model=model)
        click.echo(f"{score.name}: status accuracy {score.status_accuracy:.3f} "
                   f"({score.status_correct}/{score.items}); alignment precision "
                   f"{score.precision:.3f} recall {score.recall:.3f} F1 {score.f1:.3f} "
                   f"({score.correct_links} of {score.predicted_links} predicted, "
                   f"{score.gold_links} gold; {score.unlabelled_links} more touch unlabelled "
                   "provisions)")
        shown = score.errors if verbose else score.errors[:10]
        for error in shown:
            click.echo(f"  {error}")
        if len(score.errors) > len(shown):
            click.echo(f"  ... and {len(score.errors) - len(shown)} more (use -v)")


def _write(text: str, output: str | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:
        raise LegdiffError(f"{output}: cannot write the output ({error.strerror}); "
                           "check the folder exists and is writable") from error
    click.echo(f"Wrote {output}", err=True)


def _progress(message: str) -> None:
    click.echo(message, err=True)



@main.command(name="diff")
@click.argument("old", type=click.Path(path_type=str))
@click.argument("new", required=False, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="html", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write to this file instead of standard output.")
@click.option("--encoding", help="Text encoding of OLD and NEW when they are not UTF-8 (e.g. latin-1).")
def diff(old: str, new: str | None, fmt: str, output: str | None, encoding: str | None) -> None:
    """Compare two drafts of one document, provision by provision (or, given one Word
    document, its text before its tracked changes with its text after them).

    Provisions are aligned by what they say, not by their numbers: an inserted section is one
    addition, and a provision that moved or was renumbered, split or merged is shown as such.
    Each amendment is graded trivial or substantive, with the reasons and a word-level redline.

    Exit status as diff(1): 0 when the drafts have the same provisions, 1 when they differ,
    2 on trouble.

    \b
    Examples:
      legdiff diff committee.txt final.txt -o changes.html
      legdiff diff before.xml after.xml --format json
      legdiff diff draft-with-tracked-changes.docx -o changes.html
    """
    result = pipeline.build_diff(old, new, encoding=encoding)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if fmt == "json":
        text = serialize.dumps(serialize.diff_json(result))
    else:
        text = pipeline.render_report(result, fmt)
    _write(text, output)
    old_counts, new_counts = serialize.summary(result)["documents"].values()
    flagged = sorted({flag for alignment in result.alignments for flag in alignment.flags})
    if set(old_counts) | set(new_counts) <= {"unchanged"} and not flagged:
        click.echo(f"No differences: {old} and {new or 'its tracked changes'} have the same "
                   "provisions", err=True)
        return
    shown = ", ".join(f"{count} {status}" for count, status in (
        (new_counts.get("added", 0), "added"), (old_counts.get("deleted", 0), "deleted"),
        (old_counts.get("amended", 0), "amended")) if count)
    click.echo(f"Differences: provisions {shown or 'unchanged in wording'}"
               + (f"; some {', '.join(flagged)}" if flagged else ""), err=True)
    click.get_current_context().exit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
