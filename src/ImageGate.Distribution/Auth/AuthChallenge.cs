using System.Net.Http.Headers;

namespace ImageGate.Distribution.Auth;

/// <summary>A parsed <c>WWW-Authenticate</c> challenge: <c>Basic realm=…</c> or
/// <c>Bearer realm="…",service="…",scope="…"</c>.</summary>
/// <param name="Scheme">Basic or Bearer.</param>
/// <param name="Parameters">The parameters (realm, service, scope, error …).</param>
public sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>A parameter's value, or null.</summary>
    public string? this[string name] => Parameters.TryGetValue(name, out var v) ? v : null;

    /// <summary>The first Bearer or Basic challenge of a 401 response, or null.</summary>
    public static AuthChallenge? From(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        AuthChallenge? basic = null;
        foreach (var h in headers.WwwAuthenticate)
        {
            var parsed = new AuthChallenge(h.Scheme, ParseParameters(h.Parameter ?? ""));
            if (h.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return parsed;
            if (h.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) basic = parsed;
        }
        return basic;
    }

    /// <summary>Parses <c>a="x",b=y</c> (quoted values may hold commas).</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i]))) i++;
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length) i++;
                    sb.Append(text[i++]);
                }
                i++;
                value = sb.ToString();
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                value = text[i..end].Trim();
                i = end;
            }
            if (key.Length > 0) result[key] = value;
        }
        return result;
    }
}
