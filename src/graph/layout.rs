//! A layered (Sugiyama-style) layout of one workflow, top to bottom:
//!
//! 1. layers by longest path from the trigger (an edge with a label spans two
//!    layers: its label gets a cell of its own, so labels never overlap);
//! 2. long edges cut into one cell per layer they cross, so an edge never
//!    passes through a box: between two layers it stays in the gap, inside a
//!    layer it runs in its own cell's column;
//! 3. the order in each layer from a depth-first walk (arms left to right),
//!    then barycentre sweeps, keeping the order with the fewest crossings;
//! 4. x by the priority method (long edges first, so they run straight), y
//!    by layer.
//!
//! Why not `layout-rs`: tried first; it places edge labels apart from their
//! edges, has no diamond or cluster, and asserts (panics) on inputs it does not
//! expect. The layout here is small, deterministic and ours to test.

/// The most cells (nodes, edge labels and edge bends) one workflow may need;
/// a bigger chart is refused rather than laid out slowly.
pub const MAX_CELLS: usize = 6_000;
/// Above this many cells the crossing reduction is skipped (its cost grows
/// with the square of a layer's edges); the depth-first order stays.
const MAX_CELLS_ORDERED: usize = 2_000;

/// Vertical gap between two layers.
const LAYER_GAP: f64 = 30.0;
/// Horizontal gap between two boxes of a layer.
const BOX_GAP: f64 = 28.0;
/// Horizontal gap next to an edge bend.
const BEND_GAP: f64 = 14.0;
/// Sweeps of the crossing reduction.
const ORDER_SWEEPS: usize = 12;

/// What to lay out: box sizes and edges (`label`: the label's size).
pub struct Input {
    pub sizes: Vec<(f64, f64)>,
    pub edges: Vec<InputEdge>,
}

pub struct InputEdge {
    pub from: usize,
    pub to: usize,
    pub label: Option<(f64, f64)>,
}

/// The result: box centres, the extent, and each edge's path from its
/// `from` box to its `to` box, with its label's centre.
pub struct Placed {
    pub centers: Vec<(f64, f64)>,
    pub width: f64,
    pub height: f64,
    pub paths: Vec<Vec<Segment>>,
    pub labels: Vec<Option<(f64, f64)>>,
    /// For each box, the y of the middle of the gap below its layer: a
    /// horizontal line there crosses no box.
    pub gaps_below: Vec<f64>,
}

/// One piece of an edge's path, in absolute coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Segment {
    Move(f64, f64),
    Line(f64, f64),
    /// A cubic Bézier: two control points and the end.
    Curve(f64, f64, f64, f64, f64, f64),
}

#[derive(Clone, Copy, PartialEq)]
enum CellKind {
    Box,
    Label,
    Bend,
}

struct Cell {
    kind: CellKind,
    width: f64,
    height: f64,
    layer: usize,
    x: f64,
}

/// Lays out the graph, or says how many cells it would need when that is
/// more than [`MAX_CELLS`].
pub fn layout(input: &Input) -> Result<Placed, usize> {
    let n = input.sizes.len();
    let reversed = back_edges(n, &input.edges);
    let oriented: Vec<(usize, usize)> = input
        .edges
        .iter()
        .zip(&reversed)
        .map(|(edge, &back)| {
            if back {
                (edge.to, edge.from)
            } else {
                (edge.from, edge.to)
            }
        })
        .collect();
    let layers = assign_layers(n, input, &oriented);

    // Cells: the boxes, then one cell per layer crossed by each edge.
    let mut cells: Vec<Cell> = input
        .sizes
        .iter()
        .zip(&layers)
        .map(|(&(width, height), &layer)| Cell {
            kind: CellKind::Box,
            width,
            height,
            layer,
            x: 0.0,
        })
        .collect();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(oriented.len());
    let mut needed = n;
    for &(from, to) in &oriented {
        needed = needed.saturating_add(layers[to].saturating_sub(layers[from]));
    }
    if needed > MAX_CELLS {
        return Err(needed);
    }
    for (index, &(from, to)) in oriented.iter().enumerate() {
        let mut chain = vec![from];
        for layer in layers[from] + 1..layers[to] {
            let label = input.edges[index].label.filter(|_| layer == layers[from] + 1);
            let (kind, (width, height)) = match label {
                Some(size) => (CellKind::Label, size),
                None => (CellKind::Bend, (0.0, 0.0)),
            };
            chain.push(cells.len());
            cells.push(Cell {
                kind,
                width,
                height,
                layer,
                x: 0.0,
            });
        }
        chain.push(to);
        chains.push(chain);
    }

    let depth = layers.iter().copied().max().map_or(0, |max| max + 1);
    let mut order = initial_order(n, &cells, &chains, depth);
    let (up, down) = neighbours(cells.len(), &chains);
    if cells.len() <= MAX_CELLS_ORDERED {
        reduce_crossings(&mut order, &up, &down);
    }
    place_x(&mut cells, &order, &up, &down);

    // Layer bands: each as tall as its tallest cell.
    let mut band_height = vec![0.0f64; depth];
    for cell in &cells {
        band_height[cell.layer] = band_height[cell.layer].max(cell.height);
    }
    let mut band_top = vec![0.0f64; depth];
    let mut y = 0.0;
    for layer in 0..depth {
        band_top[layer] = y;
        y += band_height[layer] + LAYER_GAP;
    }
    let height = (y - LAYER_GAP).max(0.0);
    let left = cells.iter().map(|c| c.x - c.width / 2.0).fold(f64::INFINITY, f64::min);
    let left = if left.is_finite() { left } else { 0.0 };
    for cell in &mut cells {
        cell.x -= left;
    }
    let center_y = |cell: usize| band_top[cells[cell].layer] + band_height[cells[cell].layer] / 2.0;
    let width = cells.iter().map(|c| c.x + c.width / 2.0).fold(0.0, f64::max);

    let centers = (0..n).map(|i| (cells[i].x, center_y(i))).collect();
    let gaps_below = (0..n)
        .map(|i| band_top[cells[i].layer] + band_height[cells[i].layer] + LAYER_GAP / 2.0)
        .collect();
    let mut paths = Vec::with_capacity(chains.len());
    let mut labels = Vec::with_capacity(chains.len());
    for (index, chain) in chains.iter().enumerate() {
        let mut points = Vec::new();
        let first = chain[0];
        let mut x = cells[first].x;
        points.push(Segment::Move(x, center_y(first) + cells[first].height / 2.0));
        let bottom = |layer: usize| band_top[layer] + band_height[layer];
        line_to(&mut points, x, bottom(cells[first].layer));
        let mut label = None;
        for &cell in &chain[1..] {
            let layer = cells[cell].layer;
            let (x2, top) = (cells[cell].x, band_top[layer]);
            let (_, y1) = end_of(&points);
            let mid = (y1 + top) / 2.0;
            points.push(Segment::Curve(x, mid, x2, mid, x2, top));
            x = x2;
            if cells[cell].kind == CellKind::Box {
                line_to(&mut points, x, center_y(cell) - cells[cell].height / 2.0);
            } else {
                if cells[cell].kind == CellKind::Label {
                    label = Some((x, center_y(cell)));
                }
                line_to(&mut points, x, bottom(layer));
            }
        }
        if reversed[index] {
            points = reverse(&points);
        }
        paths.push(points);
        labels.push(label);
    }
    Ok(Placed {
        centers,
        width,
        height,
        paths,
        labels,
        gaps_below,
    })
}

fn end_of(points: &[Segment]) -> (f64, f64) {
    match points.last() {
        Some(Segment::Move(x, y) | Segment::Line(x, y) | Segment::Curve(_, _, _, _, x, y)) => (*x, *y),
        None => (0.0, 0.0),
    }
}

fn line_to(points: &mut Vec<Segment>, x: f64, y: f64) {
    if end_of(points) != (x, y) {
        points.push(Segment::Line(x, y));
    }
}

/// The same path walked from its end.
fn reverse(points: &[Segment]) -> Vec<Segment> {
    let mut out = Vec::with_capacity(points.len());
    let (x, y) = end_of(points);
    out.push(Segment::Move(x, y));
    for index in (1..points.len()).rev() {
        let (px, py) = end_of(&points[..index]);
        out.push(match points[index] {
            Segment::Curve(c1x, c1y, c2x, c2y, _, _) => Segment::Curve(c2x, c2y, c1x, c1y, px, py),
            _ => Segment::Line(px, py),
        });
    }
    out
}

/// The edges to turn around so that the rest is acyclic: back edges of an
/// iterative depth-first walk from node 0, then from every node not yet seen.
/// A checked workflow has none (its control flow is acyclic); this keeps the
/// layout total on anything.
fn back_edges(n: usize, edges: &[InputEdge]) -> Vec<bool> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (index, edge) in edges.iter().enumerate() {
        out_edges[edge.from].push(index);
    }
    let mut reversed = vec![false; edges.len()];
    // 0: unseen, 1: on the stack, 2: done.
    let mut state = vec![0u8; n];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&edge) = out_edges[node].get(*next) {
                *next += 1;
                let to = edges[edge].to;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => reversed[edge] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Longest-path layers in topological order; a labelled edge spans two
/// layers. A box no edge reaches (a step after `stop`) goes below node 0,
/// so the trigger stays alone on top.
fn assign_layers(n: usize, input: &Input, oriented: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (index, &(from, to)) in oriented.iter().enumerate() {
        indegree[to] += 1;
        out_edges[from].push(index);
    }
    let mut layers = vec![0usize; n];
    for node in 1..n {
        if indegree[node] == 0 {
            layers[node] = 1;
        }
    }
    let mut ready: Vec<usize> = (0..n).rev().filter(|&node| indegree[node] == 0).collect();
    while let Some(node) = ready.pop() {
        for &edge in &out_edges[node] {
            let to = oriented[edge].1;
            let span = if input.edges[edge].label.is_some() { 2 } else { 1 };
            layers[to] = layers[to].max(layers[node] + span);
            indegree[to] -= 1;
            if indegree[to] == 0 {
                ready.push(to);
            }
        }
    }
    layers
}

/// Each layer's cells in depth-first order from node 0, following edges in
/// the order they were given (an `if`'s arms left to right).
fn initial_order(n: usize, cells: &[Cell], chains: &[Vec<usize>], depth: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); depth];
    let mut placed = vec![false; cells.len()];
    let mut out_chains: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (index, chain) in chains.iter().enumerate() {
        out_chains[chain[0]].push(index);
    }
    for root in 0..n {
        if placed[root] {
            continue;
        }
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            if placed[node] {
                continue;
            }
            placed[node] = true;
            order[cells[node].layer].push(node);
            let mut next = Vec::new();
            for &chain in &out_chains[node] {
                let chain = &chains[chain];
                for &cell in &chain[1..chain.len() - 1] {
                    if !placed[cell] {
                        placed[cell] = true;
                        order[cells[cell].layer].push(cell);
                    }
                }
                next.push(chain[chain.len() - 1]);
            }
            stack.extend(next.into_iter().rev());
        }
    }
    order
}

/// For each cell, its neighbours one layer up and one layer down.
fn neighbours(count: usize, chains: &[Vec<usize>]) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut up = vec![Vec::new(); count];
    let mut down = vec![Vec::new(); count];
    for chain in chains {
        for pair in chain.windows(2) {
            down[pair[0]].push(pair[1]);
            up[pair[1]].push(pair[0]);
        }
    }
    (up, down)
}

/// Barycentre sweeps down and up; keeps the best order seen.
fn reduce_crossings(order: &mut [Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>]) {
    let mut position = vec![0usize; up.len()];
    let index = |order: &[Vec<usize>], position: &mut Vec<usize>| {
        for layer in order {
            for (i, &cell) in layer.iter().enumerate() {
                position[cell] = i;
            }
        }
    };
    index(order, &mut position);
    let mut best = order.to_vec();
    let mut best_crossings = crossings(order, down, &position);
    for sweep in 0..ORDER_SWEEPS {
        let downward = sweep % 2 == 0;
        let layers: Vec<usize> = if downward {
            (1..order.len()).collect()
        } else {
            (0..order.len().saturating_sub(1)).rev().collect()
        };
        for layer in layers {
            let reference = if downward { up } else { down };
            let mut keyed: Vec<(f64, usize)> = order[layer]
                .iter()
                .enumerate()
                .map(|(i, &cell)| {
                    let near = &reference[cell];
                    let key = if near.is_empty() {
                        i as f64
                    } else {
                        near.iter().map(|&other| position[other] as f64).sum::<f64>() / near.len() as f64
                    };
                    (key, cell)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            order[layer] = keyed.into_iter().map(|(_, cell)| cell).collect();
            for (i, &cell) in order[layer].iter().enumerate() {
                position[cell] = i;
            }
        }
        let count = crossings(order, down, &position);
        if count < best_crossings {
            best_crossings = count;
            best = order.to_vec();
        }
    }
    order.clone_from_slice(&best);
}

/// The number of edge crossings between consecutive layers.
fn crossings(order: &[Vec<usize>], down: &[Vec<usize>], position: &[usize]) -> usize {
    let mut total = 0;
    for layer in order {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        for &cell in layer {
            for &below in &down[cell] {
                pairs.push((position[cell], position[below]));
            }
        }
        pairs.sort_unstable();
        for (i, a) in pairs.iter().enumerate() {
            for b in &pairs[i + 1..] {
                if a.0 < b.0 && a.1 > b.1 {
                    total += 1;
                }
            }
        }
    }
    total
}

/// The least distance between the centres of two neighbours in a layer.
fn separation(a: &Cell, b: &Cell) -> f64 {
    let gap = if a.kind == CellKind::Bend || b.kind == CellKind::Bend {
        BEND_GAP
    } else {
        BOX_GAP
    };
    (a.width + b.width) / 2.0 + gap
}

/// The priority method: sweeps that move each cell towards the mean of its
/// neighbours in the layer above (or below), in order of priority (edge
/// cells first, so long edges run straight), never past a cell already
/// placed in this sweep.
fn place_x(cells: &mut [Cell], order: &[Vec<usize>], up: &[Vec<usize>], down: &[Vec<usize>]) {
    for layer in order {
        let mut x = 0.0;
        for (i, &cell) in layer.iter().enumerate() {
            if i > 0 {
                x += separation(&cells[layer[i - 1]], &cells[cell]);
            }
            cells[cell].x = x;
        }
    }
    let depth = order.len();
    for downward in [true, false, true, false, true, false, true] {
        let layers: Vec<usize> = if downward {
            (1..depth).collect()
        } else {
            (0..depth.saturating_sub(1)).rev().collect()
        };
        for layer in layers {
            place_layer(cells, &order[layer], up, down, downward);
        }
    }
}

fn place_layer(cells: &mut [Cell], layer: &[usize], up: &[Vec<usize>], down: &[Vec<usize>], downward: bool) {
    let reference = if downward { up } else { down };
    let mut by_priority: Vec<usize> = (0..layer.len()).collect();
    let priority = |cell: usize| match cells[cell].kind {
        CellKind::Box => reference[cell].len(),
        _ => usize::MAX,
    };
    by_priority.sort_by_key(|&i| std::cmp::Reverse(priority(layer[i])));
    // On the way down, the labels below one decision move as a group, so that
    // they are centred under it and keep their spread.
    let mut shifts = vec![0.0; layer.len()];
    if downward {
        let parent = |k: usize| match (cells[layer[k]].kind, up[layer[k]].as_slice()) {
            (CellKind::Label, [only]) => Some(*only),
            _ => None,
        };
        let mut groups: Vec<(usize, f64, usize)> = Vec::new();
        for k in 0..layer.len() {
            if let Some(p) = parent(k) {
                match groups.iter_mut().find(|group| group.0 == p) {
                    Some(group) => {
                        group.1 += cells[layer[k]].x;
                        group.2 += 1;
                    }
                    None => groups.push((p, cells[layer[k]].x, 1)),
                }
            }
        }
        for (k, shift) in shifts.iter_mut().enumerate() {
            if let Some(p) = parent(k)
                && let Some(group) = groups.iter().find(|group| group.0 == p)
            {
                *shift = cells[p].x - group.1 / group.2 as f64;
            }
        }
    }
    let mut fixed = vec![false; layer.len()];
    for k in by_priority {
        let cell = layer[k];
        // A label stays right above the step it leads to. Any other cell
        // moves towards the neighbours it alone leads to or comes from: the
        // arms meeting at a step centre it below them, and the arms of a
        // decision centre it above them, without the arms pulling together.
        let desired = if cells[cell].kind == CellKind::Label {
            match (downward, shifts.get(k)) {
                (true, Some(&shift)) => cells[cell].x + shift,
                _ => down[cell].first().map_or(cells[cell].x, |&below| cells[below].x),
            }
        } else {
            let (near, other_side) = if downward { (&up[cell], down) } else { (&down[cell], up) };
            let pulling: Vec<f64> = near
                .iter()
                .filter(|&&other| other_side[other].len() == 1)
                .map(|&other| cells[other].x)
                .collect();
            if pulling.is_empty() {
                cells[cell].x
            } else {
                pulling.iter().sum::<f64>() / pulling.len() as f64
            }
        };
        let mut lower = f64::NEG_INFINITY;
        let mut reach = 0.0;
        for j in (0..k).rev() {
            reach += separation(&cells[layer[j]], &cells[layer[j + 1]]);
            if fixed[j] {
                lower = lower.max(cells[layer[j]].x + reach);
            }
        }
        let mut upper = f64::INFINITY;
        let mut reach = 0.0;
        for j in k + 1..layer.len() {
            reach += separation(&cells[layer[j - 1]], &cells[layer[j]]);
            if fixed[j] {
                upper = upper.min(cells[layer[j]].x - reach);
            }
        }
        let x = if lower > upper {
            lower
        } else {
            desired.clamp(lower, upper)
        };
        cells[cell].x = x;
        fixed[k] = true;
        for j in k + 1..layer.len() {
            let least = cells[layer[j - 1]].x + separation(&cells[layer[j - 1]], &cells[layer[j]]);
            if cells[layer[j]].x >= least {
                break;
            }
            cells[layer[j]].x = least;
        }
        for j in (0..k).rev() {
            let most = cells[layer[j + 1]].x - separation(&cells[layer[j]], &cells[layer[j + 1]]);
            if cells[layer[j]].x <= most {
                break;
            }
            cells[layer[j]].x = most;
        }
    }
}
