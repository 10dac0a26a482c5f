using System.Text.Json;
using System.Text.RegularExpressions;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Approvals;

/// <summary>The endorsers a list repository names in <see cref="Path"/> (protected by CODEOWNERS):
/// <c>{"formatVersion": 1, "endorsers": [{"login": "…", "name": "…", "email": "…", "dn": "…"}]}</c>.</summary>
public static partial class EndorserRoster
{
    /// <summary>The file, relative to the repository root, read from the base branch.</summary>
    public const string Path = ".imagegate/endorsers.json";

    /// <summary>Parses the file; bad input naming <paramref name="source"/> when it is not valid.</summary>
    public static IReadOnlyList<ListedEndorser> Parse(ReadOnlySpan<byte> json, string source)
    {
        var file = ListJson.Deserialize<RosterFile>(json, source);
        if (file.FormatVersion != ListFormat.Version)
            throw new BadInputException($"formatVersion {file.FormatVersion} is not supported (expected {ListFormat.Version})", source);
        if (file.Endorsers is null || file.Endorsers.Count == 0)
            throw new BadInputException("'endorsers' lists nobody", source);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in file.Endorsers)
        {
            if (e is null || e.Login is null || !Login().IsMatch(e.Login))
                throw new BadInputException($"endorser login '{e?.Login}' is not a GitHub login", source);
            if (string.IsNullOrWhiteSpace(e.Name))
                throw new BadInputException($"endorser '{e.Login}' has no name", source);
            if (!seen.Add(e.Login))
                throw new BadInputException($"endorser '{e.Login}' is listed twice", source);
        }
        return file.Endorsers;
    }

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\z")]
    private static partial Regex Login();

    private sealed record RosterFile(int FormatVersion, List<ListedEndorser>? Endorsers);
}
