using System.Globalization;
using System.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// `bench gaz-synth ROWS FILE [ALTFILE ALTNAMES]`: an allCountries-style dump of ROWS rows (19 columns) and an
/// alternateNamesV2-style file of about ALTNAMES names, to measure the index at full GeoNames scale (12.4 million
/// rows, 16 million alternate names). Names are one to three words of two to four syllables (5–30 letters, like
/// GeoNames' names), with diacritics on some; every row has 0–3 alternate names in its own column; the alternate
/// names file repeats a third of those (the published files overlap the same way) and has link rows, which are skipped.
/// </summary>
public static class SyntheticGazetteer
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "ch", "sh", "kh", "br", "st", "tr", "gr", ""];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ei", "ā", "é"];
    private static readonly string[] Codas = ["", "", "", "n", "r", "l", "s", "m", "k", "t"];
    private static readonly string[] Countries = ["SY", "IQ", "TR", "LB", "JO", "US", "GB", "FR", "DE", "EG", "CN", "IN", "BR", "RU", "NG"];
    private static readonly string[] Codes = ["PPL", "PPL", "PPL", "STM", "HLL", "MT", "LK", "FRM", "SCH", "ADM3", "PPLX", "HTL"];

    public static int Run(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 12_400_000;
        var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"synthetic-{rows}.txt");
        var altPath = args.Length > 2 ? args[2] : null;
        var altNames = args.Length > 3 ? long.Parse(args[3], CultureInfo.InvariantCulture) : 16_000_000;
        var random = new Random(7);
        var sb = new StringBuilder();
        string Name()
        {
            sb.Clear();
            var words = random.NextDouble() switch { < 0.7 => 1, < 0.95 => 2, _ => 3 };
            for (var w = 0; w < words; w++)
            {
                if (w > 0) sb.Append(' ');
                var start = sb.Length;
                for (var s = random.Next(2, 5); s > 0; s--)
                    sb.Append(Onsets[random.Next(Onsets.Length)]).Append(Vowels[random.Next(Vowels.Length)]).Append(Codas[random.Next(Codas.Length)]);
                sb[start] = char.ToUpperInvariant(sb[start]);
            }
            return sb.ToString();
        }
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        using var alt = altPath is null ? null : new StreamWriter(altPath, false, new UTF8Encoding(false), 1 << 20);
        var altPerRow = (double)altNames / rows;
        long altId = 0, altWritten = 0;
        for (var i = 1L; i <= rows; i++)
        {
            var name = Name();
            var ascii = name.Replace('ā', 'a').Replace('é', 'e');
            var own = Enumerable.Range(0, random.Next(4)).Select(_ => Name()).ToList();
            var population = random.NextDouble() < 0.1 ? (long)(500 * Math.Pow(random.NextDouble(), -1.2)) : 0;
            var code = Codes[random.Next(Codes.Length)];
            var country = Countries[random.Next(Countries.Length)];
            w.Write(FormattableString.Invariant(
                $"{i}\t{name}\t{ascii}\t{string.Join(',', own)}\t{random.NextDouble() * 140 - 60:0.#####}\t{random.NextDouble() * 360 - 180:0.#####}\t{(code.StartsWith('P') ? 'P' : 'S')}\t{code}\t{country}\t\t{random.Next(30):00}\t\t\t\t{population}\t\t0\tEtc/UTC\t2024-01-01\n"));
            if (alt is null) continue;
            // Poisson-like count around the mean; a third repeat the row's own names, a few are links.
            var count = (int)altPerRow + (random.NextDouble() < altPerRow - (int)altPerRow ? 1 : 0);
            for (var k = 0; k < count; k++)
            {
                var roll = random.NextDouble();
                var (lang, text) = roll < 0.05 ? ("link", $"https://en.wikipedia.org/wiki/{ascii.Replace(' ', '_')}")
                    : roll < 0.35 && own.Count > 0 ? ("en", own[random.Next(own.Count)]) : (random.Next(2) == 0 ? "fr" : "de", Name());
                alt.Write(FormattableString.Invariant($"{++altId}\t{i}\t{lang}\t{text}\t\t\t\t\t\t\n"));
                altWritten++;
            }
        }
        Console.WriteLine($"wrote {rows:N0} rows to {path}" + (alt is null ? "" : $" and {altWritten:N0} alternate names to {altPath}"));
        return 0;
    }
}
