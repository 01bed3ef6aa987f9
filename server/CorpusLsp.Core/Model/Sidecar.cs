using System.Collections.Immutable;
using CorpusLsp.Core.Text;
using CorpusLsp.Core.Yaml;

namespace CorpusLsp.Core.Model;

public enum MentionKind { Place, Person, Organisation, Event, DateExpression, Dateline }

/// <summary>Which occurrences of a mention's text are meant: one (1-based), several, or all.</summary>
public sealed record OccurrenceSpec(ImmutableArray<int> Numbers, bool All, YNode? Node)
{
    public static readonly OccurrenceSpec Unspecified = new([], false, null);
    public bool IsUnspecified => Numbers.IsEmpty && !All;
}

/// <summary>How a mention is tied to the article: text (+ occurrence) or a code point span, or both.</summary>
public sealed record Anchor(string? Text, YScalar? TextNode, OccurrenceSpec Occurrence, (int Start, int End)? CodePointSpan, YNode? SpanNode, YNode Node);

public abstract record Mention(MentionKind Kind, string? Id, Anchor Anchor, YMapping Node, string? Note)
{
    /// <summary>The name used for display and for references from events.</summary>
    public string Label => LabelOf(Id, Anchor.Text);

    /// <summary>A mention's display name from its id and text (also for facts kept without the mention).</summary>
    public static string LabelOf(string? id, string? text) => id ?? text ?? "(span)";
}

/// <summary>
/// Mentions as keys by identity, hashed by where their entry starts: an edit parses every mention anew, and the runtime's
/// identity hash costs a native call the first time each new object is hashed — a tenth of a 2,000-mention analysis (issue 19).
/// </summary>
public sealed class MentionIdentity : IEqualityComparer<Mention>
{
    public static readonly MentionIdentity Instance = new();

    public bool Equals(Mention? x, Mention? y) => ReferenceEquals(x, y);

    public int GetHashCode(Mention m) => m.Node.Span.Start;
}

public sealed record PlaceMention(string? Id, Anchor Anchor, YMapping Node, string? Note, string? Ref, YScalar? RefNode)
    : Mention(MentionKind.Place, Id, Anchor, Node, Note);

public sealed record PersonMention(string? Id, Anchor Anchor, YMapping Node, string? Note, string? Name, string? Role)
    : Mention(MentionKind.Person, Id, Anchor, Node, Note);

public sealed record OrganisationMention(string? Id, Anchor Anchor, YMapping Node, string? Note, string? Name, string? OrgKind)
    : Mention(MentionKind.Organisation, Id, Anchor, Node, Note);

public sealed record EventMention(
    string? Id, Anchor Anchor, YMapping Node, string? Note,
    string? Type, string? Date, YScalar? DateNode, Anchor? When, string? Status, string? Key, string? RelativeTo, YScalar? RelativeToNode,
    ImmutableArray<YScalar> Places, ImmutableArray<YScalar> Participants)
    : Mention(MentionKind.Event, Id, Anchor, Node, Note)
{
    public bool IsPlanned => Status == "planned";
}

public sealed record Meta(
    string? Title, string? Source, string? Url, string? Language,
    string? Published, YScalar? PublishedNode, Anchor? Dateline, string? DatelinePlace, string? DatelineNote, YMapping? Node);

/// <summary>A sidecar, read from its YAML tree. Parts that do not fit the schema are left out (the validator reports them).</summary>
public sealed record Sidecar(
    string Path,
    SourceText Text,
    YMapping? Root,
    string? ArticleName,
    YScalar? ArticleNode,
    Meta Meta,
    ImmutableArray<PlaceMention> Places,
    ImmutableArray<PersonMention> People,
    ImmutableArray<OrganisationMention> Organisations,
    ImmutableArray<EventMention> Events)
{
    public IEnumerable<Mention> AllMentions => Places.Cast<Mention>().Concat(People).Concat(Organisations).Concat(Events);
}
