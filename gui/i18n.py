"""Translations: one function for every visible string, and the translator install.

Every string the window shows goes through ``tr("English text")``, a literal
so ``tools/update_translations.py`` can find it; values go in afterwards with
``.format(...)``: ``tr("{done} of {total} finished").format(done=2, total=3)``.

Strings defined before a translator can be installed (module constants, and
the Qt-free engine's descriptions) are marked with ``N_("English text")``,
which returns the text unchanged, and translated where they are shown:
``tr(KIND_DESCRIPTIONS[kind])``. The engine, which imports no Qt, has its
own marker (``engine.model.wording``); what it words with values in
(exit codes, compare figures, lessons) takes ``translate=tr``.

Languages: English (the source text, no translator) and Simplified Chinese
(``resources/translations/proclab_zh_CN.qm``). ``install_translator`` picks
one at start-up: the saved choice (View → Language), else the system's
(``QLocale.system().uiLanguages()``, i.e. ``LANGUAGE``/``LC_ALL``/``LANG`` on
Linux). Widgets take their texts in their constructors, so a new choice
applies the next time ProcLab starts.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from resources import RESOURCES_DIR

CONTEXT = "ProcLab"
#: The .ts sources and the compiled .qm files (tools/update_translations.py).
TRANSLATIONS_DIR: Path = RESOURCES_DIR / "translations"
DEFAULT_LANGUAGE = "en"
#: (code, name in its own language); English is the source language. The one
#: list: View → Language offers these, tools/update_translations.py keeps a
#: .ts and a .qm for each of the others.
LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))

#: The translators this module installed, removed again on the next install.
_installed: list[QTranslator] = []
#: The language the last install chose (what the window speaks).
_current = DEFAULT_LANGUAGE


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def N_(text: str) -> str:
    """Marks ``text`` for translation without translating it (yet): ``tr()`` it where shown."""
    return text


def current_language() -> str:
    """The language the window speaks: "en" or the one ``install_translator`` last installed."""
    return _current


def available_languages() -> list[tuple[str, str]]:
    """[(code, name)] of every language ProcLab speaks, each name in its own language."""
    return list(LANGUAGES)


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"proclab_{language}.qm"


def system_language(locale: QLocale | None = None) -> str:
    """The first of the system's UI languages that ProcLab has, else English.

    Any Chinese written in simplified characters (zh, zh_CN, zh_SG, zh-Hans)
    gets "zh_CN"; traditional Chinese (zh_TW, zh_HK, zh-Hant) gets English.
    """
    locale = locale or QLocale.system()
    refused = set()  # "zh-Hant-TW" ends its list with a bare "zh", which would read as simplified
    for name in locale.uiLanguages():
        candidate = QLocale(name)
        if candidate.language() in refused:
            continue
        language = _language_for(candidate)
        if language is not None:
            return language
        refused.add(candidate.language())
    return DEFAULT_LANGUAGE


def _language_for(locale: QLocale) -> str | None:
    if locale.language() == QLocale.Language.English:
        return "en"
    if locale.language() == QLocale.Language.Chinese and locale.script() != QLocale.Script.TraditionalHanScript:
        return "zh_CN"
    return None


def install_translator(app: QCoreApplication, language: str | None) -> str:
    """Translate ``app`` into ``language`` ("en", "zh_CN"; None: the system's).

    Returns the language now in use: "en" also when the asked one is unknown
    or its .qm file is missing. For Chinese, Qt's own ``qtbase_zh_CN.qm``
    (standard dialog buttons, context menus) is loaded too when Qt ships it.
    Replaces whatever an earlier call installed; widgets built before the
    call keep their texts.
    """
    global _current
    remove_translators(app)
    codes = [code for code, _name in LANGUAGES]
    chosen = language if language is not None else system_language()
    if chosen not in codes or chosen == DEFAULT_LANGUAGE:
        return DEFAULT_LANGUAGE
    ours = QTranslator(app)
    if not ours.load(str(qm_path(chosen))):
        return DEFAULT_LANGUAGE
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{chosen}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _install(app, qt_own)
    _install(app, ours)  # installed last: searched first
    _current = chosen
    return chosen


def remove_translators(app: QCoreApplication) -> None:
    """Back to English: remove every translator ``install_translator`` installed."""
    global _current
    _current = DEFAULT_LANGUAGE
    while _installed:
        app.removeTranslator(_installed.pop())


def _install(app: QCoreApplication, translator: QTranslator) -> None:
    app.installTranslator(translator)
    _installed.append(translator)
