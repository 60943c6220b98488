"""Batch loops behind the CLI commands: run a stage over many inputs, count outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field

from .console import progress_bar
from .ingest import read_entry
from .ingest.sources import expand_paths
from .models import Article, IngestFailure
from .settings import Settings
from .store import Store

# Exit codes of a batch: all went in; some inputs failed; nothing usable was found.
EXIT_OK, EXIT_SOME_FAILED, EXIT_NOTHING_USABLE = 0, 1, 2


@dataclass
class IngestReport:
    """What one ingest run did, for the summary and the exit code."""

    inputs: int = 0
    added: int = 0
    new_versions: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # "where: reason", not whole articles
    failures: list[IngestFailure] = field(default_factory=list)

    @property
    def usable(self) -> int:
        return self.added + self.new_versions + self.unchanged

    @property
    def exit_code(self) -> int:
        if self.usable == 0:
            return EXIT_NOTHING_USABLE
        return EXIT_SOME_FAILED if self.failures or self.skipped else EXIT_OK

    def summary(self) -> str:
        parts = [
            f"{self.added} added",
            f"{self.new_versions} new versions",
            f"{self.unchanged} unchanged",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped (no usable text)")
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        inputs = "input" if self.inputs == 1 else "inputs"
        return f"Ingested {self.inputs} {inputs}: " + ", ".join(parts)

    def problem_lines(self) -> list[str]:
        """One line per failure or skipped article, naming the file and record."""
        lines = [f"failed: {failure}" for failure in self.failures]
        lines += [f"skipped: {line}" for line in self.skipped]
        return lines


def ingest_paths(paths: list[str], store: Store, settings: Settings, *, quiet: bool = False) -> IngestReport:
    """Read every input under ``paths`` and store its articles; never stops at a bad one."""
    report = IngestReport()
    # Inputs are streamed, not listed first, so memory stays flat for folders of millions of files.
    with progress_bar("Ingesting", None, quiet=quiet) as bar, store.writer() as writer:
        for entry in expand_paths(paths):
            if isinstance(entry, IngestFailure):
                report.failures.append(entry)
                continue
            report.inputs += 1
            for result in read_entry(entry, settings):
                if isinstance(result, IngestFailure):
                    report.failures.append(result)
                    continue
                outcome = writer.add(result)
                if not result.usable:
                    report.skipped.append(f"{_where(outcome.article)}: {outcome.article.skipped_reason}")
                elif outcome.action == "added":
                    report.added += 1
                elif outcome.action == "new_version":
                    report.new_versions += 1
                else:
                    report.unchanged += 1
                bar.note(f"{report.usable} articles, {len(report.failures) + len(report.skipped)} problems")
            bar.advance()
    return report


def _where(article: Article) -> str:
    if article.external_id == article.source_path:
        return article.source_path
    return f"{article.source_path}: {article.external_id}"


# Characters of one article the analyzer reads: a bound on time and memory per
# document (spaCy's own limit is 1,000,000); longer texts are analysed up to it.
MAX_ANALYZE_CHARS = 200_000
# Texts per spaCy batch.
ANALYZE_BATCH = 32


def analyze_stored(
    store: Store, *, model: str | None = None, workers: int = 1, force: bool = False, quiet: bool = False
) -> int:
    """Analyse every stored article not yet analysed (all with ``force``); returns how many."""
    from .analyze import analyze_doc, load_model

    nlp = load_model(model)
    model_name = f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"
    articles = store.unanalysed(force=force)
    texts = (article.text[:MAX_ANALYZE_CHARS] for article in articles)
    with progress_bar("Analyzing", len(articles), quiet=quiet) as bar:
        docs = nlp.pipe(texts, batch_size=ANALYZE_BATCH, n_process=workers)
        for article, doc in zip(articles, docs, strict=True):
            analysis = analyze_doc(doc, title=article.title, published=article.published)
            store.save_analysis(article, analysis, model_name)
            bar.advance()
    return len(articles)
