using System.Globalization;
using System.Text;

namespace CorpusLsp.Core.Gazetteer;

/// <summary>
/// Two keys per name. <see cref="Fold"/> removes case, diacritics and punctuation (Khanāşir → khanasir).
/// <see cref="Skeleton"/> also removes what Arabic romanizations disagree on — articles (al-, el-, az-…),
/// vowels and the glides y/w inside words, doubled letters, q/k, a final h — so that Deir el-Zour,
/// Deir ez-Zor and Dayr az Zawr meet as "dr zr". Skeleton matches are weaker evidence than fold matches.
/// </summary>
public static class NameFolding
{
    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal)
    {
        "al", "el", "al", "ad", "ed", "ash", "esh", "as", "es", "az", "ez", "at", "et", "ar", "er", "an", "en", "ath", "adh", "ul", "il", "ag",
    };

    private static readonly string[] GenericWords = ["province", "governorate", "region", "district", "city", "town", "village", "countryside", "camp"];

    /// <summary>"Aleppo province" → ("aleppo", "province"): the name and the generic word that says what kind of place it is.</summary>
    public static (string Core, string? Generic) SplitGeneric(string folded)
    {
        // "Greater Mumbai", "Greater Toronto": the city with its suburbs, where the gazetteer has only the city.
        if (folded.StartsWith("greater ", StringComparison.Ordinal) && folded.Length > 8) return (folded[8..], "greater");
        foreach (var g in GenericWords)
        {
            if (folded.EndsWith(" " + g, StringComparison.Ordinal)) return (folded[..^(g.Length + 1)], g);
            if (folded.StartsWith(g + " of ", StringComparison.Ordinal)) return (folded[(g.Length + 4)..], g);
        }
        return (folded, null);
    }

    public static string Fold(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            // Ayn, hamza and apostrophes vanish (Ma'arrat → maarrat); other punctuation separates words.
            if (c is '\'' or '’' or '‘' or 'ʿ' or 'ʾ' or 'ʻ' or 'ʼ' or '`' or '´') continue;
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && sb.Length > 0) sb.Append(' ');
                pendingSpace = false;
                sb.Append(MapLetter(char.ToLowerInvariant(c)));
            }
            else pendingSpace = true;
        }
        return sb.ToString();
    }

    private static char MapLetter(char c) => c switch
    {
        'ı' => 'i', 'ø' => 'o', 'ł' => 'l', 'đ' => 'd', 'ß' => 's', 'æ' => 'a', 'œ' => 'o', 'þ' => 't', 'ħ' => 'h',
        _ => c,
    };

    public static string Skeleton(string name) => SkeletonOfFolded(Fold(name));

    public static string SkeletonOfFolded(string folded)
    {
        var words = folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder(folded.Length);
        var kept = words.Length > 1 ? words.Where(w => !Articles.Contains(w)).ToArray() : words;
        if (kept.Length == 0) kept = words;
        foreach (var word in kept)
        {
            if (sb.Length > 0) sb.Append(' ');
            var start = sb.Length;
            for (var i = 0; i < word.Length; i++)
            {
                var c = word[i];
                if (c == 'q') c = 'k';
                var isVowel = c is 'a' or 'e' or 'i' or 'o' or 'u';
                if (i == 0)
                {
                    // A word-initial vowel is kept (as 'a') so that Idlib and Dlib stay apart.
                    sb.Append(isVowel ? 'a' : c);
                    continue;
                }
                if (isVowel || c is 'y' or 'w') continue;
                if (c == 'h' && i == word.Length - 1 && word.Length > 2 && word[i - 1] is 'a' or 'e') continue;
                if (sb.Length > start && sb[^1] == c) continue;
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
