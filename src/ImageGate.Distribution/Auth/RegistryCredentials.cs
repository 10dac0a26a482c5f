namespace ImageGate.Distribution.Auth;

/// <summary>A user name and password (or token) for a registry. <see cref="ToString"/> never shows the password.</summary>
/// <param name="Username">The user name (a robot account, a GitHub user …).</param>
/// <param name="Password">The password or token; kept in memory only.</param>
/// <param name="Source">Where they came from (for messages): <c>--registry-username</c>, the environment, the Docker config file.</param>
public sealed record RegistryCredentials(string Username, string Password, string Source)
{
    /// <inheritdoc />
    public override string ToString() => $"{Username} (from {Source})";
}
