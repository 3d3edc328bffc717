"""The validation report: each finding names the file, the row and the column, in id and en.

Messages live in locales/<lang>/importer.yaml (key = the issue's code). Text taken from the
file is kept as plain text here; pages show reports with st.dataframe (never as HTML) and the CLI
prints them to stderr. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..i18n import fmt_number, norm_lang, t

ERROR, WARNING, INFO = "error", "warning", "info"
_NUMERIC_PARAMS = {"parts_sum", "total", "difference", "number", "count", "size", "limit", "fixed"}
MAX_VALUE_CHARS = 80


def clip(text: object) -> str:
    """File text in a message: one line, at most MAX_VALUE_CHARS characters."""
    s = " ".join(str(text).split())
    return s if len(s) <= MAX_VALUE_CHARS else s[: MAX_VALUE_CHARS - 1] + "…"


@dataclass(frozen=True)
class Issue:
    code: str
    severity: str = ERROR
    row: int | None = None  # the row number as the spreadsheet or text editor shows it
    column: str | None = None  # the column's header as written, with its letter
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "id") -> str:
        lang = norm_lang(lang)
        params = {"column": self.column or "–", "row": self.row or "–"}
        params.update({k: (fmt_number(v, lang) if k in _NUMERIC_PARAMS and isinstance(v, int | float) else v)
                       for k, v in self.params.items()})
        if isinstance(self.params.get("number3"), int | float):  # 624.125 as written, all three decimals
            params["number3"] = fmt_number(self.params["number3"], lang, 3)
        text = t(f"importer.{self.code}", lang, **params)
        if "count" in params and "{count}" not in t(f"importer.{self.code}", lang):
            text += " " + t("importer.in_rows", lang, count=params["count"])
        if self.params.get("suggestion"):
            text += " " + t("importer.did_you_mean", lang, suggestion=self.params["suggestion"])
        return text


@dataclass
class Report:
    file_name: str
    issues: list[Issue] = field(default_factory=list)

    def add(self, code: str, severity: str = ERROR, row: int | None = None, column: str | None = None,
            **params) -> None:
        if "value" in params:
            params["value"] = clip(params["value"])
        self.issues.append(Issue(code, severity, row, column, params))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self, severity: str | None = ERROR) -> list[str]:
        return [i.code for i in self.issues if severity is None or i.severity == severity]

    def frame(self, lang: str = "id") -> pd.DataFrame:
        """One row per finding, for st.dataframe: severity, file, row, column, message."""
        lang = norm_lang(lang)
        order = {ERROR: 0, WARNING: 1, INFO: 2}
        issues = sorted(self.issues, key=lambda i: (order[i.severity], i.row or 0))
        return pd.DataFrame({
            t("importer.col_severity", lang): [t(f"importer.severity_{i.severity}", lang) for i in issues],
            t("importer.col_row", lang): [str(i.row) if i.row else "–" for i in issues],
            t("importer.col_column", lang): [i.column or "–" for i in issues],
            t("importer.col_message", lang): [i.message(lang) for i in issues],
            t("importer.col_file", lang): [self.file_name] * len(issues),
            t("importer.col_code", lang): [i.code for i in issues],
        })

    def text(self, lang: str = "id") -> str:
        """The report as lines of plain text (for the CLI): file:row [column] severity: message."""
        lang = norm_lang(lang)
        lines = []
        for i in sorted(self.issues, key=lambda i: ({ERROR: 0, WARNING: 1, INFO: 2}[i.severity], i.row or 0)):
            where = self.file_name + (f":{i.row}" if i.row else "")
            col = f" [{i.column}]" if i.column else ""
            lines.append(f"{where}{col} {t(f'importer.severity_{i.severity}', lang)}: {i.message(lang)}")
        n_err, n_warn = len(self.errors), len(self.warnings)
        lines.append(t("importer.summary_line", lang, errors=n_err, warnings=n_warn))
        return "\n".join(lines)
