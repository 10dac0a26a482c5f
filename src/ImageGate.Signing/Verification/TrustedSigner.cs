namespace ImageGate.Signing.Verification;

/// <summary>One entry of a trusted-signers file: a name the site chose (printed in results and messages) and who that
/// signer is, as the <c>--certificate-*</c>/<c>--key</c> options say it.</summary>
/// <param name="Name">The signer's name: 1–64 letters, digits and <c>._+@-</c>, unique in its file.</param>
/// <param name="Options">Who must have signed; <see cref="VerificationPolicyOptions.ToPolicy"/> applies the usual rules.</param>
public sealed record TrustedSigner(string Name, VerificationPolicyOptions Options);
