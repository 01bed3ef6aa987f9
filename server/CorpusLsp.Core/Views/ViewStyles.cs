namespace CorpusLsp.Core.Views;

/// <summary>
/// The map's and timeline's colours, by CSS class, from custom properties a host sets for its theme: the report from
/// prefers-color-scheme, the VS Code webview from the editor's theme variables.
/// </summary>
public static class ViewStyles
{
    public const string Css = """
        svg.map, svg.timeline { width: 100%; height: auto; display: block; font: 12px system-ui, sans-serif; }
        svg .sea { fill: var(--sea); }
        svg .country { fill: var(--land); stroke: var(--border); stroke-width: 0.6; }
        svg .country.home { fill: var(--home); }
        svg .marker { cursor: pointer; }
        svg .marker circle { fill-opacity: 0.8; stroke: var(--bg); stroke-width: 1.2; }
        svg .marker text, svg text { fill: var(--fg); }
        svg .marker text { paint-order: stroke; stroke: var(--bg); stroke-width: 3px; }
        svg .linked circle, .swatch.linked { fill: var(--linked); background: var(--linked); }
        svg .unlinked circle, .swatch.unlinked { fill: var(--unlinked); background: var(--unlinked); }
        svg .ambiguous circle, .swatch.ambiguous { fill: var(--ambiguous); background: var(--ambiguous); }
        .swatch.unknown { background: var(--muted); }
        svg .axis, svg .row { stroke: var(--muted); }
        svg .tick { stroke: var(--grid); stroke-dasharray: 2 3; }
        svg .tick-label, svg .heading, svg .row-label { fill: var(--muted); }
        svg .published { stroke: var(--published); stroke-width: 2; stroke-dasharray: 5 3; }
        svg .published-label { fill: var(--published); font-weight: 600; }
        svg .event circle, svg .event rect { fill: var(--event); }
        svg .event.planned circle { fill: none; stroke: var(--event); stroke-width: 2; }
        svg .event { cursor: pointer; }
        svg .event.error circle, svg .event.error rect { fill: var(--error); }
        svg .event.error text, svg .message { fill: var(--error); }
        svg .undated { fill: var(--muted); }
        svg .rel { fill: none; stroke: var(--rel); stroke-width: 1.5; }
        svg .rel-head { fill: var(--rel); }
        .legend { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 14px; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 5px; }
        """;

    /// <summary>Light and dark palettes for a standalone page.</summary>
    public const string Palettes = """
        :root { --bg: #ffffff; --fg: #1f2328; --muted: #656d76; --grid: #d0d7de; --sea: #eef4fa; --land: #f6f3ea; --border: #b5b0a1;
          --home: #f3dfb0; --linked: #1a7f37; --unlinked: #bf8700; --ambiguous: #8250df; --event: #0969da; --error: #cf222e;
          --published: #953800; --rel: #6e7781; --card: #f6f8fa; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --grid: #30363d; --sea: #0b1a2a; --land: #21262d; --border: #484f58;
            --home: #4a3c17; --linked: #3fb950; --unlinked: #d29922; --ambiguous: #a371f7; --event: #58a6ff; --error: #ff7b72;
            --published: #f0883e; --rel: #8b949e; --card: #161b22; }
        }
        """;
}
