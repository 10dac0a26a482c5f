using ImageGate.Core.Errors;

namespace ImageGate.Patches;

/// <summary>One <c>--mirror FROM=TO</c> rule: a repository URL starting with <see cref="From"/> is fetched from
/// <see cref="To"/> plus the rest of the URL.</summary>
/// <param name="From">URL prefix as the image names it (e.g. <c>http://deb.debian.org/</c>).</param>
/// <param name="To">Replacement prefix (e.g. <c>http://127.0.0.1:8080/</c> or <c>file:///srv/mirror/</c>).</param>
public sealed record MirrorRewrite(string From, string To)
{
    /// <summary>Parses <c>FROM=TO</c>.</summary>
    public static MirrorRewrite Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1)
            throw new BadInputException($"--mirror expects FROM=TO, got '{text}'");
        var from = text[..eq].Trim();
        var to = text[(eq + 1)..].Trim();
        if (!Uri.TryCreate(to, UriKind.Absolute, out _))
            throw new BadInputException($"--mirror target '{to}' is not an absolute URL");
        return new MirrorRewrite(from, to);
    }

    /// <summary>The rewritten URL, or null when this rule does not apply.</summary>
    public string? Apply(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var from = From.TrimEnd('/');
        if (!url.StartsWith(from, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = url[from.Length..];
        if (rest.Length > 0 && rest[0] != '/' && rest[0] != '?') return null;
        return To.TrimEnd('/') + rest;
    }
}
