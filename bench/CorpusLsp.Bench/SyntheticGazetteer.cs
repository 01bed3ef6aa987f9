using System.Globalization;
using System.Text;

namespace CorpusLsp.Bench;

/// <summary>
/// `bench gaz-synth NAMES FILE`: a GeoNames-format dump with about NAMES distinct names — five per entry (name,
/// ASCII name differing by a diacritic, three alternates) made of syllables, with populations on a power law —
/// to measure the index at ten million names, beyond any real cities file.
/// </summary>
public static class SyntheticGazetteer
{
    private static readonly string[] Syllables = ["al", "ba", "ka", "da", "el", "fa", "ga", "ha", "ir", "ja", "ku", "la", "ma", "na", "or", "pa", "qu", "ra", "sa", "ta", "ur", "va", "wa", "xa", "ya", "za", "deir", "tel", "kafr", "ain", "abu", "bir", "jab", "ras", "wadi", "zor"];
    private static readonly string[] Countries = ["SY", "IQ", "TR", "LB", "JO", "US", "GB", "FR", "DE", "EG"];

    public static int Run(string[] args)
    {
        var names = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), $"synthetic-{names}.txt");
        var random = new Random(7);
        var entries = names / 5;
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var sb = new StringBuilder();
        string Word(int id, int variant)
        {
            sb.Clear();
            // Base-36 digits of the id pick the syllables: distinct per entry; the variant changes the last two.
            var x = (long)id * 7 + variant;
            do { sb.Append(Syllables[(int)(x % Syllables.Length)]); x /= Syllables.Length; } while (x > 0);
            sb[0] = char.ToUpperInvariant(sb[0]);
            return sb.ToString();
        }
        for (var i = 1; i <= entries; i++)
        {
            var name = Word(i, 0);
            var accented = name.Replace('a', 'á');
            var alternates = string.Join(',', Word(i, 1), Word(i, 2), Word(i, 3));
            var population = (long)(500 * Math.Pow(random.NextDouble(), -1.2));
            var country = Countries[i % Countries.Length];
            w.Write(FormattableString.Invariant(
                $"{i}\t{accented}\t{name}\t{alternates}\t{random.NextDouble() * 140 - 60:0.#####}\t{random.NextDouble() * 360 - 180:0.#####}\tP\tPPL\t{country}\t\t{i % 30:00}\t\t\t\t{population}\t\t0\tEtc/UTC\t2024-01-01\n"));
        }
        Console.WriteLine($"wrote {entries:N0} entries (~{entries * 5:N0} names) to {path}");
        return 0;
    }
}
