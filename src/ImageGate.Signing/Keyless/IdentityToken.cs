using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImageGate.Core.Errors;

namespace ImageGate.Signing.Keyless;

/// <summary>An OIDC identity token (JWT) for Fulcio. Its claims are read without checking the signature (Fulcio
/// does that); the raw token is never printed.</summary>
public sealed class IdentityToken
{
    private IdentityToken(string raw, string issuer, string subject, string? email, IReadOnlyDictionary<string, string> claims)
    {
        Raw = raw;
        Issuer = issuer;
        Subject = subject;
        Email = email;
        Claims = claims;
    }

    /// <summary>Every claim of the payload whose value is a string (e.g. GitHub's <c>job_workflow_ref</c>, <c>repository</c>).</summary>
    public IReadOnlyDictionary<string, string> Claims { get; }

    /// <summary>The compact JWT (a secret: never log it).</summary>
    public string Raw { get; }

    /// <summary>The <c>iss</c> claim.</summary>
    public string Issuer { get; }

    /// <summary>The <c>sub</c> claim.</summary>
    public string Subject { get; }

    /// <summary>The <c>email</c> claim, when present.</summary>
    public string? Email { get; }

    /// <summary>What Fulcio's proof of possession signs: the e-mail for e-mail identities, else the subject.</summary>
    public string ProofSubject => Email ?? Subject;

    /// <summary>Parses a compact JWT.</summary>
    public static IdentityToken Parse(string jwt)
    {
        jwt = jwt.Trim();
        var parts = jwt.Split('.');
        if (parts.Length != 3 || jwt.Length > 64 * 1024) throw new BadInputException("the identity token is not a JWT (header.payload.signature)");
        try
        {
            var payload = Base64UrlDecode(parts[1]);
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new BadInputException("the identity token's payload is not a JSON object");
            string? Claim(string n) => root.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var iss = Claim("iss") ?? throw new BadInputException("the identity token has no 'iss' claim");
            var sub = Claim("sub") ?? throw new BadInputException("the identity token has no 'sub' claim");
            var claims = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                .GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value.GetString()!, StringComparer.Ordinal);
            return new IdentityToken(jwt, iss, sub, Claim("email"), claims);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw new BadInputException("the identity token's payload is not base64url JSON");
        }
    }

    /// <summary>Requests a token with audience <c>sigstore</c> from GitHub Actions
    /// (<c>ACTIONS_ID_TOKEN_REQUEST_URL</c>/<c>_TOKEN</c>); a fix-it message when the job lacks <c>id-token: write</c>.</summary>
    public static async Task<IdentityToken> FromGitHubActionsAsync(IReadOnlyDictionary<string, string> environment, HttpClient? http = null,
        CancellationToken cancellationToken = default)
    {
        environment.TryGetValue("ACTIONS_ID_TOKEN_REQUEST_URL", out var url);
        environment.TryGetValue("ACTIONS_ID_TOKEN_REQUEST_TOKEN", out var bearer);
        if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(bearer))
            throw new BadInputException(
                "no identity token: pass --identity-token, or run in GitHub Actions with 'permissions: id-token: write' on the job " +
                "(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are missing), or sign with --key");
        var request = new Uri(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "audience=sigstore");
        var client = http ?? SigstoreHttp.CreateClient();
        try
        {
            var body = await SigstoreHttp.GetAsync(client, "GitHub Actions OIDC", request, new AuthenticationHeaderValue("Bearer", bearer), cancellationToken).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(body);
            var value = doc.RootElement.TryGetProperty("value", out var v) ? v.GetString() : null;
            if (string.IsNullOrEmpty(value)) throw new ExternalToolException("GitHub Actions OIDC", "the token response has no 'value'");
            return Parse(value);
        }
        catch (JsonException) { throw new ExternalToolException("GitHub Actions OIDC", "the token response is not JSON"); }
        finally { if (http is null) client.Dispose(); }
    }

    private static byte[] Base64UrlDecode(string s)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        t = t.PadRight(t.Length + (4 - t.Length % 4) % 4, '=');
        return Convert.FromBase64String(t);
    }

    /// <inheritdoc />
    public override string ToString() => $"token for {Email ?? Subject} from {Issuer}";
}
