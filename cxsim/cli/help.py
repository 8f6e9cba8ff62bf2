"""The parameter list of ``python -m cxsim --help`` (configs/hydra/help/cxsim.yaml calls it
through the ``cxsim_help`` resolver), generated from the schema so it is never out of date."""

from __future__ import annotations

import textwrap

from ..config import parameter_rows


def groups_text() -> str:
    """The config groups of a run and their options (for ``--help``; the other commands' trees
    under configs/ are left out)."""
    from .preflight import groups

    return "\n".join(f"{group}: {', '.join(options)}" for group, options in groups().items())


def help_text() -> str:
    """The scalars anyone can override, with defaults, ranges and units (for ``--help``)."""
    lines = []
    main_groups = ("", "leader.", "executive.")
    rest: dict[str, list[str]] = {}
    for key, default, unit, allowed, doc, _src in parameter_rows():
        allowed = allowed.replace("\\|", "|")
        if key.count(".") == 0 or key.startswith(main_groups[1:]):
            shown = str(default).lower() if isinstance(default, bool) else str(default)
            lines.append(f"  {key:<26} {shown:<10} {allowed:<22}  {unit}")
        else:
            rest.setdefault(key.split(".")[0], []).append(key.split(".", 1)[1])
    for group, names in rest.items():
        lines.append(textwrap.fill(f"{group}.*: {', '.join(names)}", width=98, initial_indent="  ",
                                   subsequent_indent="      "))
    lines.append("  (every key with its unit, range and source: --cfg job, docs/ODD.md)")
    return "\n".join(lines)


__all__ = ["help_text", "groups_text"]
