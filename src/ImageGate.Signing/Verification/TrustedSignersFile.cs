using System.Text.Json;
using System.Text.RegularExpressions;
using ImageGate.Core.Errors;

namespace ImageGate.Signing.Verification;

/// <summary>A file of trusted signers (<c>site sync --image-signers FILE</c>): several identities, any one of which may
/// have signed. JSON, one object per signer with cosign's option names in camel case:
/// <code>
/// { "signers": [
///   { "name": "biomed", "certificateIdentityRegexp": "…", "certificateOidcIssuer": "https://token.actions.githubusercontent.com",
///     "certificateGithubWorkflowRepository": "biomed/images" },
///   { "name": "atlas", "key": "keys/atlas.pub", "insecureIgnoreTlog": true } ] }
/// </code>
/// A relative <c>key</c> is read from the file's folder. Every entry is checked by the rules of
/// <see cref="VerificationPolicyOptions.ToPolicy"/>; any problem is a <see cref="BadInputException"/> naming the file
/// and the entry.</summary>
public static partial class TrustedSignersFile
{
    /// <summary>The largest signers file read.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>The largest public key file read.</summary>
    public const int MaxKeyBytes = 64 * 1024;

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "name", "certificateIdentity", "certificateIdentityRegexp", "certificateOidcIssuer", "certificateGithubWorkflowRepository",
        "certificateGithubWorkflowRef", "certificateGithubWorkflow", "key", "insecureIgnoreTlog",
    };

    [GeneratedRegex("^[A-Za-z0-9._+@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Reads and checks the signers in <paramref name="path"/> (at least one); each entry's policy is built
    /// once here so that a bad entry fails before anything is downloaded.</summary>
    public static IReadOnlyList<TrustedSigner> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new BadInputException("trusted signers file not found", path);
        if (new FileInfo(path).Length > MaxFileBytes) throw new BadInputException($"the trusted signers file is larger than {MaxFileBytes / 1024} KiB", path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"the trusted signers file is not JSON: {ex.Message}", path);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("signers", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new BadInputException("the trusted signers file must be an object with a \"signers\" array", path);
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var signers = new List<TrustedSigner>();
            var index = 0;
            foreach (var entry in list.EnumerateArray())
            {
                signers.Add(ReadEntry(entry, index, folder, path, signers));
                index++;
            }
            if (signers.Count == 0) throw new BadInputException("the trusted signers file lists no signer", path);
            return signers;
        }
    }

    private static TrustedSigner ReadEntry(JsonElement entry, int index, string folder, string path, List<TrustedSigner> before)
    {
        var at = $"signers[{index}]";
        if (entry.ValueKind != JsonValueKind.Object) throw new BadInputException($"{at}: not an object", path);
        foreach (var p in entry.EnumerateObject())
            if (!Known.Contains(p.Name))
                throw new BadInputException($"{at}: unknown field \"{Core.Text.SafeName.From(p.Name)}\" (known: {string.Join(", ", Known)})", path);
        var name = Text(entry, "name", at, path) ?? throw new BadInputException($"{at}: \"name\" is required", path);
        if (!NamePattern().IsMatch(name)) throw new BadInputException($"{at}: \"name\" must be 1 to 64 letters, digits and ._+@-", path);
        at = $"{at} ({name})";
        if (before.Any(s => s.Name == name)) throw new BadInputException($"{at}: the name is used twice", path);
        string? pem = null, source = null;
        if (Text(entry, "key", at, path) is { } key)
        {
            source = Path.GetFullPath(Path.Combine(folder, key));
            if (!File.Exists(source)) throw new BadInputException($"{at}: public key file not found", source);
            if (new FileInfo(source).Length > MaxKeyBytes) throw new BadInputException($"{at}: public key file is larger than {MaxKeyBytes / 1024} KiB", source);
            pem = File.ReadAllText(source);
        }
        var ignoreTlog = false;
        if (entry.TryGetProperty("insecureIgnoreTlog", out var tlog))
        {
            if (tlog.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new BadInputException($"{at}: \"insecureIgnoreTlog\" must be true or false", path);
            ignoreTlog = tlog.GetBoolean();
        }
        var options = new VerificationPolicyOptions
        {
            CertificateIdentity = Text(entry, "certificateIdentity", at, path),
            CertificateIdentityRegexp = Text(entry, "certificateIdentityRegexp", at, path),
            CertificateOidcIssuer = Text(entry, "certificateOidcIssuer", at, path),
            GitHubWorkflowRepository = Text(entry, "certificateGithubWorkflowRepository", at, path),
            GitHubWorkflowRef = Text(entry, "certificateGithubWorkflowRef", at, path),
            GitHubWorkflow = Text(entry, "certificateGithubWorkflow", at, path),
            PublicKeyPem = pem,
            PublicKeySource = source,
            InsecureIgnoreTlog = ignoreTlog,
        };
        try
        {
            _ = options.ToPolicy();
        }
        catch (BadInputException ex)
        {
            var message = ex.Path is null ? ex.Message : ex.Message[(ex.Path.Length + 2)..];
            throw new BadInputException($"{at}: {message}", ex.Path ?? path, ex);
        }
        return new TrustedSigner(name, options);
    }

    private static string? Text(JsonElement entry, string field, string at, string path)
    {
        if (!entry.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } s)
            throw new BadInputException($"{at}: \"{field}\" must be a non-empty string", path);
        return s;
    }
}
