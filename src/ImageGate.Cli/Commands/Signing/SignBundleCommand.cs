namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate sign-bundle --identity-token T --bundle OUT [--trusted-root F] [--signing-config F] FILE</c>:
/// the sigstore-conformance signing protocol (the same signer as <c>sign</c>).</summary>
public sealed class SignBundleCommand : SignCommandBase
{
    /// <summary>Creates the verb.</summary>
    public SignBundleCommand(CliEnvironment env) : base("sign-bundle", "Sign a file (sigstore-conformance protocol)", env) { }
}
