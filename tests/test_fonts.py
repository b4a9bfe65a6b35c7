"""The CJK font: found, licensed, registered, and every missing glyph is an error."""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import pytest
from fontTools.ttLib import TTFont
from matplotlib.figure import Figure

from analysis import fonts
from analysis.fonts import (
    FONT_ENV,
    MissingGlyphError,
    NoCJKFontError,
    check_figure_glyphs,
    check_glyphs,
    find_cjk_font,
    missing_glyphs,
    use_cjk_font,
)

DEJAVU = Path(mpl.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


@pytest.fixture(autouse=True)
def _no_font_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FONT_ENV, raising=False)


def test_default_font_is_noto_sans_sc_from_the_wheel_under_the_ofl() -> None:
    font = find_cjk_font(prefer_system=False)
    assert font.family == "Noto Sans SC"
    assert font.origin == "wheel"
    assert font.path.name == "NotoSansSC-Regular.otf"
    names = TTFont(font.path, lazy=True)["name"]
    assert "SIL Open Font License" in names.getDebugName(13)
    dist_info = next(font.path.parent.parent.glob("pylopdf_fonts_zh_cn-*.dist-info"))
    licence = (dist_info / "licenses" / "LICENSE").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_registered_wheel_font_is_not_mistaken_for_a_system_font() -> None:
    use_cjk_font()
    assert find_cjk_font().origin == "wheel"  # no CJK font is installed on this machine
    assert mpl.rcParams["font.family"] == ["Noto Sans SC"]


def test_missing_glyphs_names_exactly_the_characters_the_font_lacks() -> None:
    path = find_cjk_font().path
    assert missing_glyphs(["疫情防控 1.4万名党员", "（每万字）", "416.54万元"], font_path=path) == []
    assert missing_glyphs(["CO₂ 排放", "x₂"], font_path=path) == ["₂"]
    assert missing_glyphs(["党员干部"], font_path=DEJAVU) == ["党", "员", "干", "部"]


def test_check_glyphs_raises_with_code_point_and_font_file() -> None:
    with pytest.raises(MissingGlyphError, match=r"U\+2082.*NotoSansSC|NotoSansSC.*U\+2082"):
        check_glyphs(["CO₂ 排放"], font_path=find_cjk_font().path)


def test_no_cjk_font_anywhere_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_wheel_font", lambda: None)
    monkeypatch.setattr(fonts, "_system_candidate", lambda: None)
    with pytest.raises(NoCJKFontError, match=FONT_ENV):
        find_cjk_font()
    with pytest.raises(NoCJKFontError):
        use_cjk_font()


def test_env_font_that_cannot_draw_chinese_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_ENV, str(DEJAVU))
    with pytest.raises(NoCJKFontError, match="DejaVuSans"):
        find_cjk_font()


def test_env_font_wins_when_it_draws_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    wheel = find_cjk_font(prefer_system=False).path
    monkeypatch.setenv(FONT_ENV, str(wheel))
    font = find_cjk_font()
    assert (font.path, font.origin) == (wheel, "environment")


def test_chinese_label_in_a_latin_font_is_an_error_not_a_box() -> None:
    use_cjk_font()
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_title("党员干部", fontfamily="DejaVu Sans")
    with pytest.raises(MissingGlyphError, match="DejaVuSans"):
        check_figure_glyphs(fig)


def test_chinese_labels_in_the_cjk_font_pass_and_tick_labels_are_checked() -> None:
    use_cjk_font()
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1000], [0, 1])
    ax.set_xlabel("人数（对数刻度）")
    check_figure_glyphs(fig)  # no error
    texts = {t.get_text() for t in fonts.figure_texts(fig)}
    assert "人数（对数刻度）" in texts
    assert "1000" in texts  # tick labels exist when checked


def test_unknown_character_in_a_tick_label_is_caught() -> None:
    use_cjk_font()
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_xticks([0, 1], ["甲", "H₂O"])
    with pytest.raises(MissingGlyphError, match="U\\+2082"):
        check_figure_glyphs(fig)


def test_mathtext_is_refused() -> None:
    use_cjk_font()
    fig = Figure()
    fig.add_subplot().set_xlabel("$10^3$ 人")
    with pytest.raises(MissingGlyphError, match="mathtext"):
        check_figure_glyphs(fig)
