using CorpusLsp.Core.Model;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Services;

/// <summary>What is under the cursor in a sidecar: the mention entry and the key whose key or value holds it.</summary>
public static class SidecarLocator
{
    public sealed record Hit(Mention? Mention, YEntry? Entry, YNode? Item);

    public static Hit At(Sidecar sidecar, int offset)
    {
        var mention = sidecar.AllMentions.Where(m => m.Node.Span.ContainsOrTouches(offset)).MinBy(m => m.Node.Span.Length);
        YMapping? mapping = mention?.Node;
        if (mapping is null && sidecar.Meta.Node is { } meta && meta.Span.ContainsOrTouches(offset))
            mapping = meta["dateline"] is YMapping dl && dl.Span.ContainsOrTouches(offset) ? dl : meta;
        if (mapping is null) return new Hit(null, null, null);
        YEntry? entry = null;
        foreach (var e in mapping.Entries)
            if (e.Key.Span.ContainsOrTouches(offset) || e.Value.Span.ContainsOrTouches(offset)) { entry = e; break; }
        YNode? item = entry?.Value switch
        {
            YSequence seq => seq.Items.FirstOrDefault(i => i.Span.ContainsOrTouches(offset)),
            YMapping map => map.Entries.Select(e => e.Value).FirstOrDefault(v => v.Span.ContainsOrTouches(offset)),
            _ => null,
        };
        return new Hit(mention, entry, item);
    }
}
