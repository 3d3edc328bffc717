"""The paper's recommendations as data: load, validate, filter, count, and link to the page.

Files (human-reviewable): data/interventions.yaml (one record per recommendation, its list in
the paper, the actor and category vocabularies) and data/barriers.yaml (the barriers the paper
names, in its own lists). Both are checked against JSON Schemas in data/schema/ and then for
cross-references (`validate`). No Streamlit here: the page, the KUR and digital pages, the
planner and the briefing export all use this module.

Records (`Intervention`): id, list and number (as the paper prints it), actor (pemerintah,
lembaga_keuangan, lsm, umkm, kolaborasi) with actor_source (paper | editorial), category,
section, title (our short label), text (the paper's words, verbatim, and our translation),
detail, steps (numbered as printed), the Bali example, barrier links and the works cited.
Each barrier link says whether the paper itself makes it (`source="paper"`, with the words as
`evidence`) or it is our editorial reading (`source="editorial"`).

Use from another page::

    from bali_umkm import interventions as iv

    iv.find(barrier="kur_agunan")                       # records that address a barrier
    iv.find(actor="lsm", category="akses_permodalan", query="proposal", lang="id")
    iv.counts("actor")                                    # {"pemerintah": 7, ...}, zeros kept
    iv.counts("barrier", link_source="paper")             # per barrier, only the paper's own links
    iv.matrix(lang="en")                                  # actor x barrier counts as a tidy frame
    iv.unaddressed_barriers()                             # barriers the paper gives no measure for
    iv.barrier_label("kur_agunan", "en")
    st.page_link(iv.PAGE, label=..., query_params=iv.page_link_params(barrier="kur_agunan"))
    iv.page_url(barrier=["digital_sdm", "digital_minat_teknologi"], lang="en")
    # -> "/intervensi?barrier=digital_sdm,digital_minat_teknologi&lang=en"

Barrier ids (data/barriers.yaml; `barrier_ids(group)` lists them):

- akses_kur (§4 Akses permodalan): kur_persyaratan, kur_birokrasi, kur_agunan,
  kur_tindak_lanjut, kur_sulit_mengajukan, kur_regulasi_terlambat, kur_perubahan_bunga
- digitalisasi_bali (§4 Ekosistem digital): digital_data_tunggal, digital_sdm,
  digital_minat_teknologi
- persaingan_impor (§4 Persaingan): impor_murah, impor_dijual_umkm, impor_lintas_batas
- tantangan_nasional (§2 and §5): inovasi_teknologi, literasi_digital, produktivitas,
  legalitas_perizinan, pembiayaan, branding_pemasaran, sdm, standardisasi_sertifikasi,
  pemerataan_pembinaan, pelatihan, fasilitasi, basis_data_tunggal

The conclusion's training items are records of category `pelatihan_digital` (ids pel_*), so a
page can link to one of them with `page_link_params(ids="pel_google_ads")`.

URL parameters of the page (comma-separated lists; read and written by `views.interventions`):
actor, barrier, category, q (free text, searched in Indonesian and English), id (record ids),
partners=1 (also match records where the actor is named as a partner), links=paper|editorial
(which barrier links count).

Why one module of about 700 lines: the records' data model, its checks against the schemas and the
paper, and its queries change together whenever data/interventions.yaml or data/barriers.yaml does.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

import jsonschema
import pandas as pd

from .catalog import PAPER_SHORT
from .i18n import t
from .paths import DATA_DIR, PAPER_MD, read_yaml

INTERVENTIONS_YAML = DATA_DIR / "interventions.yaml"
BARRIERS_YAML = DATA_DIR / "barriers.yaml"
SCHEMA_DIR = DATA_DIR / "schema"
PAGE = "pages/interventions.py"
URL_PATH = "intervensi"
LANGS = ("id", "en")
LINK_SOURCES = ("paper", "editorial")


class InterventionsError(ValueError):
    """The data files break the schema or refer to something that does not exist."""


def in_lang(text: Mapping[str, str] | None, lang: str) -> str:
    if not text:
        return ""
    return text.get(lang) or text.get("id", "")


@dataclass(frozen=True)
class Label:
    id: str
    label: dict[str, str]
    short: dict[str, str] = field(default_factory=dict)

    def label_in(self, lang: str) -> str:
        return in_lang(self.label, lang)

    def short_in(self, lang: str) -> str:
        return in_lang(self.short, lang) or self.label_in(lang)


@dataclass(frozen=True)
class Step:
    n: str | None
    text: dict[str, str]

    def text_in(self, lang: str) -> str:
        return in_lang(self.text, lang)


@dataclass(frozen=True)
class BarrierLink:
    id: str
    source: str  # "paper" | "editorial"
    evidence: str = ""


@dataclass(frozen=True)
class PaperList:
    id: str
    heading: str | None
    actor: str
    actor_source: str
    category: str
    section: str
    numbering: str
    responds_to: str | None
    citations: tuple[str, ...]
    lead: dict[str, str]
    actor_note: dict[str, str] | None = None


@dataclass(frozen=True)
class Intervention:
    id: str
    list: str
    number: str | None
    actor: str
    actor_source: str
    category: str
    section: str
    title: dict[str, str]
    text: dict[str, str]
    steps: tuple[Step, ...]
    barriers: tuple[BarrierLink, ...]
    citations: tuple[str, ...]
    other_actors: tuple[str, ...] = ()
    actor_note: dict[str, str] | None = None
    detail: dict[str, str] | None = None
    example: dict[str, str] | None = None
    note: dict[str, str] | None = None

    def title_in(self, lang: str) -> str:
        return in_lang(self.title, lang)

    def text_in(self, lang: str) -> str:
        return in_lang(self.text, lang)

    def barrier_ids(self, source: str | None = None) -> tuple[str, ...]:
        return tuple(b.id for b in self.barriers if source is None or b.source == source)

    def words(self, lang: str | None = None) -> str:
        """Everything a reader might search for, in one language or both, normalised."""
        langs = LANGS if lang is None else (lang,)
        parts: list[str] = [self.id]
        for code in langs:
            parts += [in_lang(self.title, code), in_lang(self.text, code), in_lang(self.detail, code),
                      in_lang(self.example, code), in_lang(self.note, code)]
            parts += [s.text_in(code) for s in self.steps]
            parts += [actor_label(self.actor, code), category_label(self.category, code)]
        parts += list(self.citations)
        return normalise(" ".join(parts))


@dataclass(frozen=True)
class BarrierGroup:
    id: str
    label: dict[str, str]
    tag: dict[str, str]
    section: str
    lead: dict[str, str]
    sources: tuple[str, ...]
    figures: tuple[str, ...]
    note: dict[str, str] | None = None

    def label_in(self, lang: str) -> str:
        return in_lang(self.label, lang)


@dataclass(frozen=True)
class Barrier:
    id: str
    group: str
    label: dict[str, str]
    as_written: tuple[str, ...]
    section: str
    sources: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    note: dict[str, str] | None = None

    def label_in(self, lang: str) -> str:
        return in_lang(self.label, lang)


@dataclass(frozen=True)
class Catalogue:
    actors: tuple[Label, ...]
    categories: tuple[Label, ...]
    lists: tuple[PaperList, ...]
    records: tuple[Intervention, ...]
    groups: tuple[BarrierGroup, ...]
    barriers: tuple[Barrier, ...]
    reference_aliases: dict[str, str]


# ----------------------------------------------------------------------------- loading

def load_raw() -> tuple[dict, dict]:
    """The two YAML files as parsed, before any checking."""
    return (read_yaml(INTERVENTIONS_YAML),
            read_yaml(BARRIERS_YAML))


@functools.lru_cache(maxsize=2)
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def validate(raw_interventions: dict, raw_barriers: dict) -> list[str]:
    """Every problem with the two files: schema (JSON Schema) first, then cross-references.

    Returns a list of messages; empty means valid.
    """
    errors: list[str] = []
    for name, raw in (("interventions", raw_interventions), ("barriers", raw_barriers)):
        validator = jsonschema.Draft202012Validator(_schema(name))
        for err in sorted(validator.iter_errors(raw), key=lambda e: list(e.absolute_path)):
            path = "/".join(str(p) for p in err.absolute_path)
            errors.append(f"{name}.yaml {path}: {err.message}")
    if errors:
        return errors

    def dupes(items: list[dict], what: str) -> set[str]:
        ids = [i["id"] for i in items]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            errors.append(f"duplicate {what} id {dup!r}")
        return set(ids)

    actors = dupes(raw_interventions["actors"], "actor")
    categories = dupes(raw_interventions["categories"], "category")
    lists = {lst["id"]: lst for lst in raw_interventions["lists"]}
    dupes(raw_interventions["lists"], "list")
    groups = dupes(raw_barriers["groups"], "barrier group")
    barriers = dupes(raw_barriers["barriers"], "barrier")
    dupes(raw_interventions["records"], "record")

    for lst in raw_interventions["lists"]:
        if lst["actor"] not in actors:
            errors.append(f"list {lst['id']}: unknown actor {lst['actor']!r}")
        if lst["category"] not in categories:
            errors.append(f"list {lst['id']}: unknown category {lst['category']!r}")
        if lst.get("responds_to") and lst["responds_to"] not in groups:
            errors.append(f"list {lst['id']}: unknown barrier group {lst['responds_to']!r}")
        if lst.get("actor_source") == "editorial" and not lst.get("actor_note"):
            errors.append(f"list {lst['id']}: an editorial actor needs an actor_note")
    for b in raw_barriers["barriers"]:
        if b["group"] not in groups:
            errors.append(f"barrier {b['id']}: unknown group {b['group']!r}")
        for rel in b.get("related", []):
            if rel not in barriers:
                errors.append(f"barrier {b['id']}: unknown related barrier {rel!r}")
    for rec in raw_interventions["records"]:
        where = f"record {rec['id']}"
        lst = lists.get(rec["list"])
        if lst is None:
            errors.append(f"{where}: unknown list {rec['list']!r}")
            continue
        actor = rec.get("actor", lst["actor"])
        if actor not in actors:
            errors.append(f"{where}: unknown actor {actor!r}")
        if rec.get("category", lst["category"]) not in categories:
            errors.append(f"{where}: unknown category {rec.get('category')!r}")
        for other in rec.get("other_actors", []):
            if other not in actors or other == actor:
                errors.append(f"{where}: other_actors has {other!r} (unknown, or the actor itself)")
        seen: set[str] = set()
        for link in rec["barriers"]:
            if link["id"] not in barriers:
                errors.append(f"{where}: unknown barrier {link['id']!r}")
            if link["id"] in seen:
                errors.append(f"{where}: barrier {link['id']!r} linked twice")
            seen.add(link["id"])
            if link["source"] == "paper" and not link.get("evidence"):
                errors.append(f"{where}: paper link to {link['id']!r} needs its evidence")
        numbered = lst["numbering"] != "none"
        if numbered != (rec.get("number") is not None):
            errors.append(f"{where}: number {rec.get('number')!r} does not fit the list's numbering")
    return errors


def _record(rec: dict, lst: PaperList) -> Intervention:
    def opt(key: str) -> dict[str, str] | None:
        return dict(rec[key]) if rec.get(key) else None

    return Intervention(
        id=rec["id"], list=rec["list"], number=rec.get("number"),
        actor=rec.get("actor", lst.actor), actor_source=rec.get("actor_source", lst.actor_source),
        actor_note=opt("actor_note") or lst.actor_note,
        category=rec.get("category", lst.category), section=rec.get("section", lst.section),
        title=dict(rec["title"]), text=dict(rec["text"]), detail=opt("detail"), example=opt("example"),
        note=opt("note"),
        steps=tuple(Step(s.get("n"), {"id": s["id"], "en": s["en"]}) for s in rec.get("steps", [])),
        barriers=tuple(BarrierLink(b["id"], b["source"], b.get("evidence", "")) for b in rec["barriers"]),
        citations=tuple(rec.get("citations", lst.citations)),
        other_actors=tuple(rec.get("other_actors", [])),
    )


def build(raw_interventions: dict, raw_barriers: dict) -> Catalogue:
    """Validate and turn the parsed files into records; raises InterventionsError."""
    errors = validate(raw_interventions, raw_barriers)
    if errors:
        raise InterventionsError("; ".join(errors))
    lists = tuple(PaperList(
        id=x["id"], heading=x.get("heading"), actor=x["actor"], actor_source=x["actor_source"],
        category=x["category"], section=x["section"], numbering=x["numbering"],
        responds_to=x.get("responds_to"), citations=tuple(x.get("citations", [])), lead=dict(x["lead"]),
        actor_note=dict(x["actor_note"]) if x.get("actor_note") else None,
    ) for x in raw_interventions["lists"])
    by_list = {x.id: x for x in lists}
    groups = tuple(BarrierGroup(
        id=g["id"], label=dict(g["label"]), tag=dict(g["tag"]), section=g["section"], lead=dict(g["lead"]),
        sources=tuple(g.get("sources", [])), figures=tuple(g.get("figures", [])),
        note=dict(g["note"]) if g.get("note") else None,
    ) for g in raw_barriers["groups"])
    group_section = {g.id: g.section for g in groups}
    barriers = tuple(Barrier(
        id=b["id"], group=b["group"], label=dict(b["label"]), as_written=tuple(b["as_written"]),
        section=b.get("section", group_section[b["group"]]), sources=tuple(b.get("sources", [])),
        figures=tuple(b.get("figures", [])), related=tuple(b.get("related", [])),
        note=dict(b["note"]) if b.get("note") else None,
    ) for b in raw_barriers["barriers"])
    return Catalogue(
        actors=tuple(Label(a["id"], dict(a["label"]), dict(a.get("short", {}))) for a in raw_interventions["actors"]),
        categories=tuple(Label(c["id"], dict(c["label"])) for c in raw_interventions["categories"]),
        lists=lists,
        records=tuple(_record(r, by_list[r["list"]]) for r in raw_interventions["records"]),
        groups=groups, barriers=barriers,
        reference_aliases=dict(raw_interventions.get("reference_aliases", {})),
    )


@functools.lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return build(*load_raw())


def interventions() -> tuple[Intervention, ...]:
    return catalogue().records


def _by_id(items: Iterable, key: str):
    """The item whose id is `key`; KeyError naming it otherwise."""
    for item in items:
        if item.id == key:
            return item
    raise KeyError(key)


def intervention(record_id: str) -> Intervention:
    return _by_id(catalogue().records, record_id)


def paper_lists() -> tuple[PaperList, ...]:
    return catalogue().lists


def paper_list(list_id: str) -> PaperList:
    return _by_id(catalogue().lists, list_id)


def barriers() -> tuple[Barrier, ...]:
    return catalogue().barriers


def barrier(barrier_id: str) -> Barrier:
    return _by_id(catalogue().barriers, barrier_id)


def barrier_groups() -> tuple[BarrierGroup, ...]:
    return catalogue().groups


def barrier_group(group_id: str) -> BarrierGroup:
    return _by_id(catalogue().groups, group_id)


def actor_ids() -> tuple[str, ...]:
    return tuple(a.id for a in catalogue().actors)


def category_ids() -> tuple[str, ...]:
    return tuple(c.id for c in catalogue().categories)


def barrier_ids(group: str | None = None) -> tuple[str, ...]:
    return tuple(b.id for b in catalogue().barriers if group is None or b.group == group)


def _label(items: Iterable[Label], key: str, lang: str, short: bool = False) -> str:
    item = _by_id(items, key)
    return item.short_in(lang) if short else item.label_in(lang)


def actor_label(actor: str, lang: str = "id", short: bool = False) -> str:
    return _label(catalogue().actors, actor, lang, short)


def category_label(category: str, lang: str = "id") -> str:
    return _label(catalogue().categories, category, lang)


def barrier_label(barrier_id: str, lang: str = "id", tagged: bool = False) -> str:
    """The barrier's short label; tagged=True prefixes its group ("KUR · Permintaan agunan")."""
    b = barrier(barrier_id)
    if not tagged:
        return b.label_in(lang)
    return f"{in_lang(barrier_group(b.group).tag, lang)} · {b.label_in(lang)}"


# ----------------------------------------------------------------------------- filtering

def normalise(text: str) -> str:
    """Lower case, accents dropped, punctuation to spaces: 'Produk/Layanan' -> 'produk layanan'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v for v in (p.strip() for p in value.split(",")) if v)
    return tuple(v for v in value if v)


def _checked(actor, barrier, category, ids) -> tuple[tuple[str, ...], ...]:
    """The four id filters as tuples; ValueError naming any unknown id."""
    out = []
    for values, valid, what in ((actor, actor_ids(), "actor"), (barrier, barrier_ids(), "barrier"),
                                (category, category_ids(), "category"),
                                (ids, tuple(r.id for r in interventions()), "record id")):
        values = _as_tuple(values)
        unknown = [v for v in values if v not in valid]
        if unknown:
            raise ValueError(f"unknown {what} {unknown}; valid: {', '.join(valid)}")
        out.append(values)
    return tuple(out)


def find(actor: str | Iterable[str] | None = None, barrier: str | Iterable[str] | None = None,
         category: str | Iterable[str] | None = None, query: str | None = None, lang: str | None = None,
         *, ids: str | Iterable[str] | None = None, partners: bool = False, link_source: str | None = None,
         records: Iterable[Intervention] | None = None) -> list[Intervention]:
    """Records matching every given filter, in the paper's order.

    actor, barrier, category, ids: one id or several (a list, or "a,b"); several match any of them.
    query: words that must all start a word of the record (in `lang`, or in Indonesian and English
    if lang is None), ignoring case, accents and punctuation ("agun" finds "agunan").
    partners: an actor also matches records that name it as a partner (other_actors).
    link_source: count only "paper" or only "editorial" barrier links.
    Unknown ids raise ValueError (so a mistyped link fails loudly in tests).
    """
    actors, barrier_set, categories, id_set = _checked(actor, barrier, category, ids)
    if link_source not in (None, *LINK_SOURCES):
        raise ValueError(f"link_source must be one of {LINK_SOURCES} or None")
    words = normalise(query or "").split()
    out = []
    for rec in interventions() if records is None else records:
        if actors and not (rec.actor in actors or (partners and set(rec.other_actors) & set(actors))):
            continue
        if categories and rec.category not in categories:
            continue
        if barrier_set and not set(rec.barrier_ids(link_source)) & set(barrier_set):
            continue
        if id_set and rec.id not in id_set:
            continue
        if words:
            hay = f" {rec.words(lang)}"
            if not all(f" {w}" in hay for w in words):  # each word starts a word of the record
                continue
        out.append(rec)
    return out


def counts(by: str = "actor", records: Iterable[Intervention] | None = None,
           link_source: str | None = None) -> dict[str, int]:
    """Records per actor, category or barrier (every id of the vocabulary, zeros kept, in order).

    For barriers a record counts once for each barrier it is linked to.
    """
    recs = list(interventions() if records is None else records)
    if by == "actor":
        keys, key_of = actor_ids(), lambda r: (r.actor,)
    elif by == "category":
        keys, key_of = category_ids(), lambda r: (r.category,)
    elif by == "barrier":
        keys, key_of = barrier_ids(), lambda r: r.barrier_ids(link_source)
    elif by == "list":
        keys, key_of = tuple(x.id for x in paper_lists()), lambda r: (r.list,)
    else:
        raise ValueError("by must be actor, category, barrier or list")
    out = dict.fromkeys(keys, 0)
    for rec in recs:
        for key in key_of(rec):
            out[key] += 1
    return out


def matrix(records: Iterable[Intervention] | None = None, lang: str = "id",
           link_source: str | None = None) -> pd.DataFrame:
    """Actor × barrier counts, the full grid (zeros kept) in vocabulary order.

    Columns: actor, barrier, group, n, actor_label, barrier_label (tagged with its group).
    """
    recs = list(interventions() if records is None else records)
    rows = []
    for b in barriers():
        for a in actor_ids():
            n = sum(1 for r in recs if r.actor == a and b.id in r.barrier_ids(link_source))
            rows.append({"actor": a, "barrier": b.id, "group": b.group, "n": n,
                         "actor_label": actor_label(a, lang, short=True),
                         "barrier_label": barrier_label(b.id, lang, tagged=True)})
    return pd.DataFrame(rows)


def unaddressed_barriers(link_source: str | None = None) -> tuple[str, ...]:
    """Barriers no recommendation is linked to (under the given kind of link)."""
    return tuple(b for b, n in counts("barrier", link_source=link_source).items() if n == 0)


# ----------------------------------------------------------------------------- URL state

@dataclass(frozen=True)
class Filters:
    """The page's filter, as it travels in the URL."""
    actor: tuple[str, ...] = ()
    barrier: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    q: str = ""
    ids: tuple[str, ...] = ()
    partners: bool = False
    links: str | None = None

    def apply(self) -> list[Intervention]:
        return find(self.actor, self.barrier, self.category, self.q, None, ids=self.ids,
                      partners=self.partners, link_source=self.links)

    def params(self) -> dict[str, str]:
        return page_link_params(barrier=self.barrier, category=self.category, actor=self.actor,
                                query=self.q, ids=self.ids, partners=self.partners, links=self.links)

    @property
    def empty(self) -> bool:
        return self == Filters()


def page_link_params(barrier: str | Iterable[str] | None = None, category: str | Iterable[str] | None = None,
                     actor: str | Iterable[str] | None = None, query: str | None = None,
                     ids: str | Iterable[str] | None = None, partners: bool = False,
                     links: str | None = None) -> dict[str, str]:
    """Query parameters that open the interventions page filtered; for
    `st.page_link(PAGE, query_params=...)`. Unknown ids raise ValueError."""
    actors, barrier_set, categories, id_set = _checked(actor, barrier, category, ids)
    params = {"actor": ",".join(actors), "barrier": ",".join(barrier_set),
              "category": ",".join(categories), "q": (query or "").strip(), "id": ",".join(id_set),
              "partners": "1" if partners else "", "links": links or ""}
    return {k: v for k, v in params.items() if v}


def page_url(barrier: str | Iterable[str] | None = None, category: str | Iterable[str] | None = None,
             actor: str | Iterable[str] | None = None, query: str | None = None,
             ids: str | Iterable[str] | None = None, lang: str | None = None, base: str = "") -> str:
    """The page's path with the filter in the query string, e.g. "/intervensi?barrier=kur_agunan".
    `base` is prefixed (a server's base URL path, or a full site address)."""
    params = page_link_params(barrier=barrier, category=category, actor=actor, query=query, ids=ids)
    if lang:
        params["lang"] = lang
    query_string = urlencode(params, safe=",")
    return f"{base.rstrip('/')}/{URL_PATH}" + (f"?{query_string}" if query_string else "")


def filters_from_selection(selection: Mapping | None, current: Filters) -> Filters:
    """A click on the actor × barrier matrix -> the new filter (actor and barrier set to the cell).

    `selection` is what Streamlit reports for the chart's point selection (a list of
    {"actor": ..., "barrier": ...}) or for a dataframe cell ({"actor": ..., "barrier": ...}).
    An empty or unknown selection leaves the filter as it is.
    """
    if not selection:
        return current
    point = selection[0] if isinstance(selection, list) else selection
    actor, barrier_id = point.get("actor"), point.get("barrier")
    if actor not in actor_ids() or barrier_id not in barrier_ids():
        return current
    return Filters(actor=(actor,), barrier=(barrier_id,), category=current.category, q=current.q,
                   partners=current.partners, links=current.links)


def describe_filters(filters: Filters, lang: str = "id") -> list[str]:
    """The filter in words ("Aktor: LSM"), one line per part; plain text (escape before Markdown)."""
    parts = []
    if filters.actor:
        parts.append(f"{t('interventions.actor', lang)}: "
                     + ", ".join(actor_label(a, lang) for a in filters.actor))
    if filters.category:
        parts.append(f"{t('interventions.category', lang)}: "
                     + ", ".join(category_label(c, lang) for c in filters.category))
    if filters.barrier:
        parts.append(f"{t('interventions.barrier', lang)}: "
                     + ", ".join(barrier_label(b, lang, tagged=True) for b in filters.barrier))
    if filters.q:
        parts.append(f"{t('interventions.search', lang)}: \u201c{filters.q}\u201d")
    if filters.ids:
        parts.append(f"{t('interventions.records', lang)}: " + ", ".join(filters.ids))
    if filters.partners:
        parts.append(t("interventions.partners", lang))
    if filters.links:
        parts.append(t(f"interventions.links_{filters.links}", lang))
    return parts or [t("interventions.no_filter", lang)]


# ----------------------------------------------------------------------------- the paper's references

_ENTRY_START = re.compile(r"^[^()\s][^()]{0,400}?\(\d{4}")
_YEAR = re.compile(r"\((\d{4})")


@functools.lru_cache(maxsize=1)
def references() -> tuple[str, ...]:
    """The paper's reference list, one entry per item (page breaks joined, Markdown removed)."""
    text = PAPER_MD.read_text(encoding="utf-8").split("## Referensi", 1)[1]
    entries: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        line = line[2:] if line.startswith("- ") else line
        line = re.sub(r"\\([*_()\[\]])", lambda m: "\0" if m.group(1) == "*" else m.group(1), line)
        line = line.replace("*", "").replace("\0", "*")  # emphasis out, escaped asterisks kept
        line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
        if _ENTRY_START.match(line) or not entries:
            entries.append(line)
        else:
            entries[-1] += " " + line
    return tuple(" ".join(e.split()) for e in entries)


def _ref_key(name: str, year: str) -> str:
    return f"{normalise(name)} {year}"


@functools.lru_cache(maxsize=1)
def _reference_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for entry in references():
        name = re.split(r",|\.\s", entry, maxsplit=1)[0]
        year = _YEAR.search(entry)
        if year:
            index.setdefault(_ref_key(name, year.group(1)), entry)
    return index


def reference_for(citation: str) -> str | None:
    """The reference-list entry for an in-text citation ("Harini et al., 2022"), or None.

    The paper's in-text spelling sometimes differs from its list; data/interventions.yaml
    `reference_aliases` maps those ("Fakhruddin & Dewi, 2020" -> "Fakhrudin 2020")."""
    alias = catalogue().reference_aliases.get(citation)
    if alias:
        name, year = alias.rsplit(" ", 1)
    else:
        year_m = re.search(r"(\d{4})", citation)
        if not year_m:
            return None
        year = year_m.group(1)
        name = re.split(r" et al\.?| & |,| \(", citation)[0]
        name = re.sub(r"^(?:[A-Z]\. )+", "", name)  # "D. Lestari" -> "Lestari"
    return _reference_index().get(_ref_key(name, year))


def source_line(lang: str = "id") -> str:
    """The "Sumber: ..." line under the matrix and on the page (plain text)."""
    return t("interventions.source_line", lang, paper=PAPER_SHORT)
