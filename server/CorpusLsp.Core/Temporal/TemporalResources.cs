namespace CorpusLsp.Core.Temporal;

/// <summary>The temporal engine's data files, embedded in Core (Temporal/Data).</summary>
internal static class TemporalResources
{
    public static string Read(string name)
    {
        using var stream = typeof(TemporalResources).Assembly.GetManifestResourceStream($"CorpusLsp.Core.Temporal.Data.{name}")
            ?? throw new InvalidOperationException($"Temporal resource {name} is not embedded in Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
