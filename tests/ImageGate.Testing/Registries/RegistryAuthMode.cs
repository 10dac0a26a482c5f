namespace ImageGate.Testing.Registries;

/// <summary>How a <see cref="LocalRegistry"/> authenticates clients.</summary>
public enum RegistryAuthMode
{
    /// <summary>No authentication.</summary>
    Anonymous,

    /// <summary><c>auth.htpasswd</c> (bcrypt): HTTP Basic.</summary>
    Basic,

    /// <summary><c>auth.token</c>: the Bearer token challenge, tokens from a <see cref="TestTokenIssuer"/>.</summary>
    Token,
}
