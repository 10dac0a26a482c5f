namespace ImageGate.Patches;

/// <summary>The user information (<c>user:password@</c>) of repository URLs as images configure them: found, and
/// removed before a URL is shown, stored or fetched. An image's repository credentials never leave the parser.</summary>
public static class RepositoryUrl
{
    /// <summary><paramref name="text"/> with the user information of its URL removed (<c>https://u:p@host/x</c> →
    /// <c>https://host/x</c>); text that does not start with <c>scheme://</c> is returned unchanged.</summary>
    public static string Redact(string text) => Split(text).Redacted;

    /// <summary>True when <paramref name="text"/> is a URL with user information.</summary>
    public static bool HasUserInfo(string text) => Split(text).UserInfo is not null;

    /// <summary>True when <paramref name="url"/> is a <c>file:</c> URL (a path on the machine that reads it).</summary>
    public static bool IsFile(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The URL without its user information, and the user information (without the <c>@</c>) when there is one.
    /// The authority ends at the first <c>/</c>, <c>?</c> or <c>#</c>; a password holding an unencoded <c>/</c>
    /// (an authority with a non-numeric "port" and an <c>@</c> further on) is removed up to that <c>@</c> too.</summary>
    public static (string Redacted, string? UserInfo) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0 || !IsScheme(text.AsSpan(0, sep))) return (text, null);
        var start = sep + 3;
        var end = text.IndexOfAny(['/', '?', '#'], start);
        if (end < 0) end = text.Length;
        var authority = text.AsSpan(start, end - start);
        var at = authority.LastIndexOf('@');
        if (at >= 0)
            return (text[..start] + text[(start + at + 1)..], text.Substring(start, at));
        var colon = authority.LastIndexOf(':');
        var later = text.IndexOf('@', end);
        if (colon >= 0 && later > 0 && !IsPort(authority[(colon + 1)..]) && !authority[(colon + 1)..].Contains(']'))
            return (text[..start] + text[(later + 1)..], text[start..later]);
        return (text, null);
    }

    /// <summary>The password part of user information (after the first <c>:</c>), else the whole of it (a token as user name).</summary>
    public static string Secret(string userInfo)
    {
        ArgumentNullException.ThrowIfNull(userInfo);
        var colon = userInfo.IndexOf(':');
        return colon >= 0 && colon < userInfo.Length - 1 ? userInfo[(colon + 1)..] : userInfo.TrimEnd(':');
    }

    private static bool IsScheme(ReadOnlySpan<char> s)
    {
        if (s.Length == 0 || !char.IsAsciiLetter(s[0])) return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
        return true;
    }

    private static bool IsPort(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
