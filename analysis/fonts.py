"""The one Simplified Chinese font used by every figure, and the glyph check that guards it.

Which font
    :func:`find_cjk_font` returns, in this order: the file named by the environment variable
    ``ANALYSIS_CJK_FONT``; a system font of a known Simplified Chinese family under an open
    licence (Noto Sans SC, Noto Sans CJK SC, Source Han Sans SC/CN) when one is installed as
    the first face of its file; otherwise Noto Sans SC Regular from the wheel
    ``pylopdf-fonts-zh-cn`` (a project dependency, so the font installs with ``pip`` and
    without root). SimHei and SimSun are never used (their licences do not allow
    redistribution).

Licence
    The wheel ``pylopdf_fonts_zh_cn-0.1.1`` ships ``NotoSansSC-Regular.otf`` (OpenType, CFF
    outlines, © 2014-2021 Adobe, from github.com/notofonts/noto-cjk). Its
    ``dist-info/licenses/LICENSE`` and the font's own ``name`` table (IDs 13/14) state the SIL
    Open Font License 1.1: free to use, embed and redistribute, not to be sold by itself.

Why the check
    Without a CJK font matplotlib draws empty boxes and warns only the first time a string is
    laid out, and wordcloud draws boxes with no warning at all. Here a missing font raises
    :class:`NoCJKFontError` and a character that the font cannot draw raises
    :class:`MissingGlyphError`; :func:`check_figure_glyphs` runs on every figure before it is
    written.
"""

from __future__ import annotations

import os
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

FONT_ENV = "ANALYSIS_CJK_FONT"
"""Environment variable that names a font file to use instead of the automatic choice."""

SYSTEM_FAMILIES: tuple[str, ...] = (
    "Noto Sans SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
)
"""Open-licence Simplified Chinese families preferred when installed on the system."""

PROBE = "疫情防控党员干部基层组织复工复产核酸检测"
"""Characters a font must contain to count as a Simplified Chinese font."""


class NoCJKFontError(RuntimeError):
    """No font that can draw Simplified Chinese was found."""


class MissingGlyphError(ValueError):
    """A label contains characters that the figure's font cannot draw."""


@dataclass(frozen=True)
class CJKFont:
    """A font file with its family name as matplotlib knows it, and where it came from."""

    path: Path
    family: str
    origin: str  # "environment", "system" or "wheel"


@lru_cache(maxsize=16)
def font_cmap(path: str | os.PathLike[str]) -> frozenset[int]:
    """Return the code points that the font file at ``path`` maps to a glyph (its best cmap).

    In: a TrueType/OpenType file (a ``.ttc`` collection: its first face). Out: a frozenset of
    code points. Cached per path.
    """
    font = TTFont(os.fspath(path), lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def _needs_glyph(ch: str) -> bool:
    """True for characters that are drawn (not whitespace, not control or format characters)."""
    return not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf"}


def missing_glyphs(texts: Iterable[str], *, font_path: str | os.PathLike[str]) -> list[str]:
    """Return the characters of ``texts`` that the font at ``font_path`` cannot draw.

    In: any strings (labels, words). Out: the distinct missing characters, sorted by code
    point; whitespace and control characters are ignored.
    """
    cmap = font_cmap(os.fspath(font_path))
    chars = {ch for text in texts for ch in str(text) if _needs_glyph(ch)}
    return sorted((ch for ch in chars if ord(ch) not in cmap), key=ord)


def check_glyphs(texts: Iterable[str], *, font_path: str | os.PathLike[str]) -> None:
    """Raise :class:`MissingGlyphError` when any character of ``texts`` is not in the font.

    In: strings and the font file that will draw them. Out: ``None``; the error message lists
    each missing character with its code point and the font file.
    """
    texts = [str(t) for t in texts]
    missing = missing_glyphs(texts, font_path=font_path)
    if missing:
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:20])
        example = next(t for t in texts if any(ch in t for ch in missing))
        raise MissingGlyphError(
            f"{len(missing)} character(s) cannot be drawn with {Path(font_path).name}: {shown}; "
            f"first in {example[:60]!r}. Install a CJK font (see analysis.fonts) or change the "
            "label."
        )


def _system_candidate() -> Path | None:
    """The first installed font of :data:`SYSTEM_FAMILIES` (first face of its file), or None."""
    ours = {p.resolve() for p in (_wheel_font(), _env_font()) if p is not None}
    entries: dict[str, list[Path]] = {}
    for entry in font_manager.fontManager.ttflist:
        if Path(entry.fname).resolve() in ours:
            continue  # registered by use_cjk_font, not a system font
        if entry.name in SYSTEM_FAMILIES and getattr(entry, "index", 0) == 0:
            if str(entry.weight) not in {"400", "normal", "regular", "book"}:
                continue
            entries.setdefault(entry.name, []).append(Path(entry.fname))
    for family in SYSTEM_FAMILIES:
        for path in sorted(entries.get(family, [])):
            if path.is_file() and not missing_glyphs([PROBE], font_path=path):
                return path
    return None


def _env_font() -> Path | None:
    """The font file named by :data:`FONT_ENV`, or None when the variable is unset."""
    env = os.environ.get(FONT_ENV, "")
    return Path(env).expanduser() if env else None


def _wheel_font() -> Path | None:
    """Noto Sans SC from the ``pylopdf-fonts-zh-cn`` wheel, or None when it is not installed."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def find_cjk_font(*, prefer_system: bool = True, use_wheel: bool = True) -> CJKFont:
    """Return the Simplified Chinese font the figures use; raise :class:`NoCJKFontError` if none.

    In: ``prefer_system`` (look for an installed open-licence SC font before the wheel) and
    ``use_wheel`` (fall back to the wheel's Noto Sans SC). ``ANALYSIS_CJK_FONT`` always wins
    and must name a font with every character of :data:`PROBE` (else the error). Out: a
    :class:`CJKFont` whose file contains every character of :data:`PROBE`.
    """
    candidates: list[tuple[Path, str]] = []
    if (env := _env_font()) is not None:
        if not env.is_file() or missing_glyphs([PROBE], font_path=env):
            raise NoCJKFontError(
                f"{FONT_ENV}={env} is not a font file that can draw Simplified Chinese "
                f"(it must contain {PROBE}); unset it to use the default font."
            )
        candidates.append((env, "environment"))
    if prefer_system and (system := _system_candidate()) is not None:
        candidates.append((system, "system"))
    if use_wheel and (wheel := _wheel_font()) is not None:
        candidates.append((wheel, "wheel"))
    tried = []
    for path, origin in candidates:
        if not path.is_file():
            tried.append(f"{path} (not a file)")
            continue
        missing = missing_glyphs([PROBE], font_path=path)
        if missing:
            tried.append(f"{path} (lacks {''.join(missing)})")
            continue
        family = font_manager.FontProperties(fname=path).get_name()
        return CJKFont(path=path, family=family, origin=origin)
    raise NoCJKFontError(
        "No font that can draw Simplified Chinese was found"
        + (f" (tried: {'; '.join(tried)})" if tried else "")
        + ". Install the project's dependencies (pip install pylopdf-fonts-zh-cn) or set "
        f"{FONT_ENV} to a Noto Sans SC / Source Han Sans SC font file."
    )


def use_cjk_font(font: CJKFont | None = None) -> CJKFont:
    """Register the CJK font with matplotlib and make it the only default font family.

    In: a font from :func:`find_cjk_font` (found when ``None``). Out: the font. Side effect:
    ``font_manager.fontManager.addfont`` (once per file) and ``rcParams["font.family"]`` set
    to that family alone, so a character it lacks is a :class:`MissingGlyphError` at write
    time instead of a silent fallback to another font.
    """
    font = font or find_cjk_font()
    known = {Path(e.fname) for e in font_manager.fontManager.ttflist}
    if font.path not in known:
        font_manager.fontManager.addfont(str(font.path))
    mpl.rcParams["font.family"] = [font.family]
    mpl.rcParams["axes.unicode_minus"] = 0x2212 in font_cmap(os.fspath(font.path))
    return font


def figure_texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty text artist of ``fig`` (titles, labels, ticks, legends, notes).

    Lays the figure out once first (``draw_without_rendering``), so tick labels exist.
    """
    with warnings.catch_warnings():  # a missing glyph becomes our error, not a warning
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        fig.draw_without_rendering()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def check_figure_glyphs(fig: Figure) -> None:
    """Raise :class:`MissingGlyphError` if any text of ``fig`` has a character its font lacks.

    In: a matplotlib figure. Each text artist is checked against the font file that matplotlib
    resolves for that artist's own font properties (no fallback), so a label drawn in a
    Latin-only font is an error, never a box. Mathtext (``$...$``) is not used by this project
    and is rejected, since it is drawn from other fonts.
    """
    by_font: dict[str, list[str]] = {}
    for text in figure_texts(fig):
        s = text.get_text()
        if len(re.findall(r"(?<!\\)\$", s)) >= 2:
            raise MissingGlyphError(f"mathtext label {s!r}: write the label as plain text")
        try:
            path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        except ValueError as err:
            raise NoCJKFontError(f"no font file for label {s[:60]!r}: {err}") from err
        by_font.setdefault(path, []).append(s)
    for path, texts in sorted(by_font.items()):
        check_glyphs(texts, font_path=path)
