"""Reading a report chart's SVG back: the bars' heights and their value labels, by the ids the chart module sets."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _group(root: ET.Element, gid: str) -> ET.Element | None:
    for element in root.iter(f"{SVG}g"):
        if element.get("id") == gid:
            return element
    return None


def bar_height(root: ET.Element, series: int, index: int) -> float:
    """A bar's height in the drawing's units, from its path's corners."""
    group = _group(root, f"bar-{series}-{index}")
    assert group is not None, f"no bar-{series}-{index}"
    path = group.find(f"{SVG}path")
    assert path is not None
    ys = [float(y) for y in _NUMBER.findall(path.get("d", ""))[1::2]]
    return max(ys) - min(ys)


def bar_label(root: ET.Element, series: int, index: int) -> str:
    group = _group(root, f"label-{series}-{index}")
    assert group is not None, f"no label-{series}-{index}"
    return "".join(group.itertext()).strip()


def parse(svg: bytes) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()).strip() for element in root.iter(f"{SVG}text")]
