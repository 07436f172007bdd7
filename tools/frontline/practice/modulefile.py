"""A course module's folder and its `module.yml` (id, topic, title).

The topic is the `module` value the module's role-play scenarios carry
(etiquette | communication | complaints); the progress banner counts those.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontline.core.course import REPO_ROOT
from frontline.core.errors import FrontlineError
from frontline.core.i18n import Text
from frontline.core.yamlfile import read_yaml, text_field
from frontline.practice.content import check_keys, ident

MODULES_DIR = REPO_ROOT / "course" / "modules"
MODULE_FILE = "module.yml"
TOPICS = ("etiquette", "communication", "complaints")


@dataclass(frozen=True)
class ModuleInfo:
    id: str
    topic: str
    title: Text
    folder: Path


def module_folder(module_id: str) -> Path:
    """The folder of a module: the notebook's own folder when it is that module.

    A kernel starts in the notebook's folder, so a module copied elsewhere (a
    trainee's home, a test's temp folder) uses its own files; otherwise the
    course in this repository.
    """
    here = Path.cwd()
    if here.name == module_id and (here / MODULE_FILE).is_file():
        return here
    folder = MODULES_DIR / module_id
    if not (folder / MODULE_FILE).is_file():
        raise FrontlineError(f"no module {module_id!r}: {folder / MODULE_FILE} not found")
    return folder


def load_module_info(path: Path) -> ModuleInfo:
    doc = read_yaml(path)
    top = check_keys(doc, doc.data, required={"module", "topic", "title"})
    module_id = ident(doc, top["module"], "the module id", "module")
    if module_id != path.parent.name:
        raise doc.error(
            f"module id {module_id!r} must equal its folder name {path.parent.name!r}", "module"
        )
    if top["topic"] not in TOPICS:
        raise doc.error(f"topic must be one of {list(TOPICS)}, not {top['topic']!r}", "topic")
    return ModuleInfo(
        id=module_id,
        topic=str(top["topic"]),
        title=text_field(doc, top["title"], "title"),
        folder=path.parent,
    )
