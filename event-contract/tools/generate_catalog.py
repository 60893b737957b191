#!/usr/bin/env python3
"""Generate the event catalog resource from the reference document.

Usage (from the repository root):

    python3 event-contract/tools/generate_catalog.py \
        /work/shared/reference/enreach-rte-websocket-api.txt \
        event-contract/src/main/resources/io/callwire/contract/event-catalog.json

The document lists, after its protocol sections, one section per entity type ("User", "Queue",
"CallList") holding "Event: <Name>" and "Misc: <Type>" sections: an example payload (JSON), a
description, and a "Property name | Value type | Description |" table. This script turns them
into the JSON the Java catalog loads. The output is reviewed by hand and committed; the Java code
never parses the document.

Decisions taken here (see event-contract/README.md):
  * the envelope header fields are not event fields, even where a table lists them
    (UserTerminalStatusEvent);
  * the canonical name of an event is its EventType on the wire; a differing heading is kept as
    an alias ("UserTerminalStatusEvent" -> "UserTerminalStatus");
  * the kind of an enum-typed field (CallEventPublicityCategory, WrapUpType, ...) follows how the
    document's example serializes it: a number -> INTEGER, a string -> STRING.
"""
import json
import re
import sys
from collections import OrderedDict

HEADER = {"RootEntityType", "RootEntityId", "EventType", "EntityType", "EntityId", "Id",
          "Timestamp", "MessageTTLSeconds"}
ENTITY_SECTIONS = {"User": "User", "Queue": "Queue", "CallList": "CallList"}
PRIMITIVES = {
    "guid": "GUID", "string": "STRING", "int": "INTEGER", "short": "INTEGER", "byte": "INTEGER",
    "uint": "LONG", "long": "LONG", "float": "DECIMAL", "double": "DECIMAL", "decimal": "DECIMAL",
    "bool": "BOOLEAN", "datetime": "DATETIME",
}


def kind_of(type_text, example_value, known_types):
    base = type_text[:-1] if type_text.endswith("?") else type_text
    m = re.fullmatch(r"List<(\w+)>", base)
    if m:
        return "LIST", m.group(1)
    if base.startswith("Dictionary<"):
        return "OBJECT", None
    if base.lower() in PRIMITIVES:
        return PRIMITIVES[base.lower()], None
    if base in known_types:
        return "OBJECT", base
    # an enum of the core: serialized as the example shows it
    if isinstance(example_value, bool):
        return "BOOLEAN", None
    if isinstance(example_value, int):
        return "INTEGER", None
    if isinstance(example_value, str):
        return "STRING", None
    raise SystemExit(f"cannot derive the kind of type {type_text!r} (example {example_value!r})")


def parse(lines):
    start = next(i for i, l in enumerate(lines) if l.strip() == "User" and lines[i + 1].startswith("Event:"))
    sections, entity, current = [], None, None
    i = start
    while i < len(lines):
        line = lines[i].rstrip("\n")
        if line in ENTITY_SECTIONS:
            entity = ENTITY_SECTIONS[line]
            i += 1
            continue
        m = re.fullmatch(r"(Event|Misc): (\w+)", line)
        if m:
            current = {"kind": m.group(1), "name": m.group(2), "entity": entity, "example": None,
                       "description": [], "rows": []}
            sections.append(current)
            i += 1
            continue
        if line.startswith("Example payload of "):
            depth, buf = 0, []
            i += 1
            while True:
                buf.append(lines[i])
                depth += lines[i].count("{") - lines[i].count("}")
                i += 1
                if depth == 0:
                    break
            current["example"] = json.loads("".join(buf), object_pairs_hook=OrderedDict)
            continue
        if line.startswith("Property name | Value type | Description"):
            i += 2  # header and ---|---|---|
            while i < len(lines) and re.match(r"^\w+ \| ", lines[i]):
                parts = lines[i].rstrip("\n").split(" | ", 2)
                desc = parts[2] if len(parts) > 2 else ""
                desc = desc[:-1].rstrip() if desc.endswith("|") else desc
                current["rows"].append((parts[0].strip(), parts[1].strip(), desc.strip()))
                i += 1
            continue
        if current is not None and line.strip():
            current["description"].append(line.strip())
        i += 1
    return sections


def build(sections):
    known_types = {s["name"] for s in sections if s["kind"] == "Misc"}
    events, types = [], []
    for s in sections:
        example = s["example"] or {}
        fields = []
        for name, type_text, desc in s["rows"]:
            if s["kind"] == "Event" and name in HEADER:
                continue
            kind, element = kind_of(type_text, example.get(name), known_types)
            fields.append(OrderedDict(name=name, type=type_text, kind=kind,
                                      nullable=type_text.endswith("?"), elementType=element,
                                      description=desc))
        entry = OrderedDict(name=s["name"])
        if s["kind"] == "Event":
            wire = example.get("EventType", s["name"])
            entry["name"] = wire
            entry["aliases"] = [s["name"]] if wire != s["name"] else []
            entry["entityType"] = s["entity"]
        entry["description"] = " ".join(s["description"])
        entry["fields"] = fields
        entry["example"] = s["example"]
        (events if s["kind"] == "Event" else types).append(entry)
    return OrderedDict(source="enreach-rte-websocket-api.txt", events=events, types=types)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.readlines()
    catalog = build(parse(lines))
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(catalog, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"{len(catalog['events'])} events, {len(catalog['types'])} types", file=sys.stderr)


if __name__ == "__main__":
    main()
