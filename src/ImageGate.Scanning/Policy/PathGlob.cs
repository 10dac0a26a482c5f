using System.Text;
using System.Text.RegularExpressions;

namespace ImageGate.Scanning.Policy;

/// <summary>A path pattern: <c>*</c> matches inside one component, <c>**</c> any number of components, <c>?</c> one character.</summary>
public sealed class PathGlob
{
    private readonly Regex _regex;

    /// <summary>Compiles <paramref name="pattern"/> (an absolute path pattern).</summary>
    public PathGlob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        var sb = new StringBuilder(@"\A");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/') { i++; sb.Append("(?:.*/)?"); }
                else sb.Append(".*");
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append(@"\z"); // not '$': it matches before a final '\n' too
        // Linear-time matching (no backtracking, so no pattern of a policy can make it slow) and no wall-clock timeout:
        // a 1 s timeout failed whole scans as "unexpected error" on a loaded machine when a matching thread was
        // descheduled for a second.
        _regex = new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>True when <paramref name="path"/> matches.</summary>
    public bool IsMatch(string path) => _regex.IsMatch(path);

    /// <inheritdoc />
    public override string ToString() => Pattern;
}
