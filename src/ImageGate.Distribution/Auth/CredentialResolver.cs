using System.Text;
using System.Text.Json;
using ImageGate.Core.Errors;

namespace ImageGate.Distribution.Auth;

/// <summary>Finds the credentials for a registry, in order: the command line (user name and a password read from
/// standard input), <c>IMAGEGATE_REGISTRY_USERNAME</c>/<c>IMAGEGATE_REGISTRY_PASSWORD</c>, then the Docker config
/// file (<c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>: its <c>auths</c> entry for the host,
/// base64 <c>auth</c> or <c>username</c>/<c>password</c>, as docker, oras and skopeo read it). Credential helpers
/// (<c>credsStore</c>, <c>credHelpers</c>) are not run. None found: anonymous.</summary>
public static class CredentialResolver
{
    /// <summary>The environment variable holding the user name.</summary>
    public const string UsernameVariable = "IMAGEGATE_REGISTRY_USERNAME";

    /// <summary>The environment variable holding the password or token.</summary>
    public const string PasswordVariable = "IMAGEGATE_REGISTRY_PASSWORD";

    /// <summary>Resolves the credentials for <paramref name="registry"/>; null means anonymous.</summary>
    /// <param name="registry">The registry host[:port].</param>
    /// <param name="username">The user name from the command line, or null.</param>
    /// <param name="password">The password from standard input, or null.</param>
    /// <param name="variables">The process environment.</param>
    public static RegistryCredentials? Resolve(string registry, string? username, string? password, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (username is not null || password is not null)
        {
            if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
                throw new BadInputException("--registry-username and --registry-password-stdin go together (the password is read from standard input)");
            return new RegistryCredentials(username, password, "--registry-username");
        }
        var envUser = Get(variables, UsernameVariable);
        var envPassword = Get(variables, PasswordVariable);
        if (envUser is not null || envPassword is not null)
        {
            if (envUser is null || envPassword is null)
                throw new BadInputException($"{UsernameVariable} and {PasswordVariable} go together: set both or neither");
            return new RegistryCredentials(envUser, envPassword, "the environment");
        }
        return FromDockerConfig(registry, variables);
    }

    /// <summary>The Docker config file's credentials for <paramref name="registry"/>, or null.</summary>
    internal static RegistryCredentials? FromDockerConfig(string registry, IReadOnlyDictionary<string, string> variables)
    {
        var dir = Get(variables, "DOCKER_CONFIG");
        var home = Get(variables, "HOME");
        var path = dir is not null ? Path.Combine(dir, "config.json") : home is not null ? Path.Combine(home, ".docker", "config.json") : null;
        if (path is null || !File.Exists(path)) return null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            throw new BadInputException("not valid JSON (the Docker config file)", path);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
                return null;
            foreach (var entry in auths.EnumerateObject())
            {
                if (!string.Equals(NormaliseHost(entry.Name), registry, StringComparison.OrdinalIgnoreCase) || entry.Value.ValueKind != JsonValueKind.Object) continue;
                var source = $"{path} (auths.{registry})";
                if (entry.Value.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
                {
                    string decoded;
                    try
                    {
                        decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                    }
                    catch (FormatException)
                    {
                        throw new BadInputException($"auths.{registry}.auth is not base64", path);
                    }
                    var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0) throw new BadInputException($"auths.{registry}.auth does not decode to USER:PASSWORD", path);
                    return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..], source);
                }
                if (entry.Value.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String
                    && entry.Value.TryGetProperty("password", out var p) && p.ValueKind == JsonValueKind.String)
                    return new RegistryCredentials(u.GetString()!, p.GetString()!, source);
            }
        }
        return null;
    }

    /// <summary><c>https://index.docker.io/v1/</c> → <c>index.docker.io</c>; <c>ghcr.io</c> stays.</summary>
    internal static string NormaliseHost(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) host = host[(scheme + 3)..];
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? host[..slash] : host;
    }

    private static string? Get(IReadOnlyDictionary<string, string> variables, string name) =>
        variables.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
}
