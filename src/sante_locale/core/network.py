"""A network of dispositifs and the structures taking part in them, laid out for an SVG
drawn server-side (offline, printable), with its text alternative.

The layout is networkx's force-directed ``spring_layout`` with a fixed seed (the same
network always gives the same drawing), scaled into the drawing's pixels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx


@dataclass
class Node:
    key: str  # "d:12" (dispositif) or "s:40" (structure)
    label: str
    kind: str  # "dispositif" or "structure"
    x: float = 0.0
    y: float = 0.0
    degree: int = 0
    url: str = ""


@dataclass
class Edge:
    source: str
    target: str
    label: str  # the role: « signataire », « porteur », « contribue à »…
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0


@dataclass
class Network:
    width: int
    height: int
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    def neighbours(self, key: str) -> list[tuple[Node, str]]:
        """Nodes linked to ``key`` with the label of the link (for the text alternative)."""
        by_key = {n.key: n for n in self.nodes}
        out = []
        for e in self.edges:
            if e.source == key:
                out.append((by_key[e.target], e.label))
            elif e.target == key:
                out.append((by_key[e.source], e.label))
        return sorted(out, key=lambda t: t[0].label)


def layout(nodes: list[Node], edges: list[Edge], width: int = 800, height: int = 560,
           margin: int = 60) -> Network:
    """Place ``nodes`` (and the ends of ``edges``) in a ``width`` × ``height`` drawing.

    Examples
    --------
    >>> net = layout([Node("d:1", "CLS", "dispositif"), Node("s:1", "ARS", "structure"),
    ...               Node("s:2", "CH", "structure")],
    ...              [Edge("s:1", "d:1", "signataire"), Edge("s:2", "d:1", "partenaire")], 400, 300)
    >>> all(60 <= n.x <= 340 and 60 <= n.y <= 240 for n in net.nodes)
    True
    >>> [n.degree for n in net.nodes], [(n.label, role) for n, role in net.neighbours("d:1")]
    ([2, 1, 1], [('ARS', 'signataire'), ('CH', 'partenaire')])
    """
    graph = nx.Graph()
    graph.add_nodes_from(n.key for n in nodes)
    graph.add_edges_from((e.source, e.target) for e in edges)
    net = Network(width, height)
    if not nodes:
        return net
    if len(nodes) == 1:
        positions = {nodes[0].key: (0.0, 0.0)}
    else:
        positions = nx.spring_layout(graph, seed=7, k=1.6 / max(len(nodes), 1) ** 0.5, iterations=80)
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def place(key: str) -> tuple[float, float]:
        x, y = positions[key]
        px = margin + (float(x) - min(xs)) / span_x * (width - 2 * margin) if len(nodes) > 1 else width / 2
        py = margin + (float(y) - min(ys)) / span_y * (height - 2 * margin) if len(nodes) > 1 else height / 2
        return round(px, 1), round(py, 1)

    for node in nodes:
        node.x, node.y = place(node.key)
        node.degree = graph.degree(node.key)
        net.nodes.append(node)
    for edge in edges:
        (edge.x1, edge.y1), (edge.x2, edge.y2) = place(edge.source), place(edge.target)
        net.edges.append(edge)
    return net
