namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate sign FILE --bundle OUT [--key KEY.pem | --identity-token T] [--fulcio-url U] [--rekor-url U]
/// [--tsa-url U] [--trusted-root F]</c> (cosign's flag names); <c>--digest sha256:…</c> signs without reading.</summary>
public sealed class SignCommand : SignCommandBase
{
    /// <summary>Creates the verb.</summary>
    public SignCommand(CliEnvironment env) : base("sign", "Sign a file's digest with Sigstore (keyless) or a key", env) { }
}
