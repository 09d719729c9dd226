//! Pictures as SVG, drawn on the server (no script needed): bar charts of a
//! daily series, and a community's quota flow as a flow diagram.

use maud::{html, Markup};

/// A bar per `(label, value, tooltip)`; `title` names the chart.
pub fn bars(title: &str, points: &[(String, f64, String)]) -> Markup {
    let (width, height, left, bottom) = (560.0, 180.0, 46.0, 22.0);
    if points.is_empty() {
        return html! { figure { figcaption { (title) } p { "No data yet." } } };
    }
    let max = points
        .iter()
        .map(|p| p.1)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let slot = (width - left) / points.len() as f64;
    let bar = (slot * 0.75).max(1.0);
    let every = (points.len() / 8).max(1);
    html! {
        figure.chart {
            figcaption { (title) }
            svg viewBox={ "0 0 " (width) " " (height) } width="100%" role="img" aria-label=(title) {
                line x1=(left) y1=(height - bottom) x2=(width) y2=(height - bottom) stroke="#9aa5b1" {}
                text x="2" y="12" { (short_number(max)) }
                text x="2" y=(height - bottom) { "0" }
                @for (i, (label, value, tip)) in points.iter().enumerate() {
                    @let h = (value / max) * (height - bottom - 14.0);
                    @let x = left + i as f64 * slot + (slot - bar) / 2.0;
                    rect x=(format!("{x:.1}")) y=(format!("{:.1}", height - bottom - h)) width=(format!("{bar:.1}")) height=(format!("{h:.1}")) fill="#2f6fb3" {
                        title { (label) ": " (tip) }
                    }
                    @if i % every == 0 {
                        text x=(format!("{x:.1}")) y=(height - 6.0) { (label.get(5..).unwrap_or(label)) }
                    }
                }
            }
        }
    }
}

fn short_number(n: f64) -> String {
    if n >= 1e9 {
        format!("{:.1}G", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1}M", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.1}k", n / 1e3)
    } else {
        format!("{n:.0}")
    }
}

/// A node of the flow diagram: its column (0 = left) and label.
pub struct Node {
    pub column: usize,
    pub label: String,
    pub link: Option<String>,
}

/// A flow between two nodes (indexes), with its amount (in COS) and tooltip.
pub struct Flow {
    pub from: usize,
    pub to: usize,
    pub value: f64,
    pub tip: String,
}

/// A flow diagram: nodes in columns, each as tall as what passes through it,
/// flows as bands as wide as their amount.
pub fn flow(title: &str, columns: &[&str], nodes: &[Node], flows: &[Flow]) -> Markup {
    let (width, height, node_w, gap) = (960.0, 360.0, 14.0, 10.0);
    if flows.is_empty() {
        return html! { figure { figcaption { (title) } p { "No quota has moved yet." } } };
    }
    let through: Vec<f64> = (0..nodes.len())
        .map(|i| {
            let inflow: f64 = flows.iter().filter(|f| f.to == i).map(|f| f.value).sum();
            let outflow: f64 = flows.iter().filter(|f| f.from == i).map(|f| f.value).sum();
            inflow.max(outflow)
        })
        .collect();
    let column_count = columns.len().max(1);
    let top = 24.0;
    let usable = height - top - 6.0;
    // One scale for every column: the fullest column fills the height.
    let mut scale = f64::MAX;
    for c in 0..column_count {
        let members: Vec<usize> = (0..nodes.len()).filter(|i| nodes[*i].column == c).collect();
        let total: f64 = members.iter().map(|i| through[*i]).sum();
        if total > 0.0 {
            let room = usable - gap * (members.len().saturating_sub(1)) as f64;
            scale = scale.min(room.max(10.0) / total);
        }
    }
    let x_of = |c: usize| 8.0 + c as f64 * (width - 180.0 - node_w) / (column_count - 1).max(1) as f64;
    let mut y = vec![0.0; nodes.len()];
    for c in 0..column_count {
        let mut cursor = top;
        for i in (0..nodes.len()).filter(|i| nodes[*i].column == c) {
            y[i] = cursor;
            cursor += (through[i] * scale).max(2.0) + gap;
        }
    }
    let mut out_offset = vec![0.0; nodes.len()];
    let mut in_offset = vec![0.0; nodes.len()];
    let mut bands = Vec::new();
    for f in flows {
        let w = (f.value * scale).max(1.0);
        let (x0, x1) = (x_of(nodes[f.from].column) + node_w, x_of(nodes[f.to].column));
        let y0 = y[f.from] + out_offset[f.from] + w / 2.0;
        let y1 = y[f.to] + in_offset[f.to] + w / 2.0;
        out_offset[f.from] += w;
        in_offset[f.to] += w;
        let mid = (x0 + x1) / 2.0;
        bands.push((
            format!("M{x0:.1},{y0:.1} C{mid:.1},{y0:.1} {mid:.1},{y1:.1} {x1:.1},{y1:.1}"),
            w,
            f.tip.clone(),
        ));
    }
    html! {
        figure.flow {
            figcaption { (title) }
            svg viewBox={ "0 0 " (width) " " (height) } width="100%" role="img" aria-label=(title) {
                @for (c, name) in columns.iter().enumerate() {
                    text x=(x_of(c)) y="14" font-weight="bold" { (name) }
                }
                @for (path, w, tip) in &bands {
                    path d=(path) stroke="#2f6fb3" stroke-opacity="0.35" stroke-width=(format!("{w:.1}")) fill="none" { title { (tip) } }
                }
                @for (i, node) in nodes.iter().enumerate() {
                    @let h = (through[i] * scale).max(2.0);
                    rect x=(format!("{:.1}", x_of(node.column))) y=(format!("{:.1}", y[i])) width=(node_w) height=(format!("{h:.1}")) fill="#12355b" {}
                    @let label_y = format!("{:.1}", y[i] + h / 2.0 + 4.0);
                    @let label_x = format!("{:.1}", x_of(node.column) + node_w + 4.0);
                    @if let Some(link) = &node.link {
                        a href=(link) { text x=(label_x) y=(label_y) { (node.label) } }
                    } @else {
                        text x=(label_x) y=(label_y) { (node.label) }
                    }
                }
            }
        }
    }
}

/// A line through `(label, value)` points in order, with the first and last
/// labels under it and the highest and lowest values beside it; `title` names
/// the chart.
pub fn line(title: &str, points: &[(String, f64)]) -> Markup {
    let (width, height, left, bottom) = (560.0, 180.0, 46.0, 22.0);
    if points.is_empty() {
        return html! { figure { figcaption { (title) } p { "No data yet." } } };
    }
    let max = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    let min = points.iter().map(|p| p.1).fold(f64::MAX, f64::min).min(max);
    let span = (max - min).max(1e-9);
    let step = (width - left - 8.0) / (points.len().max(2) - 1) as f64;
    let y = |v: f64| height - bottom - 8.0 - (v - min) / span * (height - bottom - 22.0);
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, v))| format!("{:.1},{:.1}", left + i as f64 * step, y(*v)))
        .collect();
    html! {
        figure.chart {
            figcaption { (title) }
            svg viewBox={ "0 0 " (width) " " (height) } width="100%" role="img" aria-label=(title) {
                line x1=(left) y1=(height - bottom) x2=(width) y2=(height - bottom) stroke="#9aa5b1" {}
                text x="2" y="14" { (format!("{max:.3}")) }
                text x="2" y=(height - bottom - 4.0) { (format!("{min:.3}")) }
                polyline points=(path.join(" ")) fill="none" stroke="#2f6fb3" stroke-width="2" {}
                @for (i, (label, value)) in points.iter().enumerate() {
                    circle cx=(format!("{:.1}", left + i as f64 * step)) cy=(format!("{:.1}", y(*value))) r="3" fill="#2f6fb3" {
                        title { (label) ": " (format!("{value:.4}")) }
                    }
                }
                text x=(left) y=(height - 6.0) { (points[0].0) }
                text x=(width - 60.0) y=(height - 6.0) { (points[points.len() - 1].0) }
            }
        }
    }
}
