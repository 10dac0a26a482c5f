using ImageGate.Signing.Keys;

namespace ImageGate.Signing.Tests.Keys;

public sealed class SigningKeyTests
{
    [Fact]
    public void A_cosign_format_key_round_trips_and_rejects_a_wrong_password()
    {
        using var key = SigningKey.Generate();
        var pem = key.ExportCosignPrivateKeyPem("pw");
        Assert.Contains("ENCRYPTED SIGSTORE PRIVATE KEY", pem, StringComparison.Ordinal);
        using var loaded = SigningKey.Parse(pem, "pw");
        Assert.Equal(key.PublicKeyPem, loaded.PublicKeyPem);
        Assert.Throws<ImageGate.Core.Errors.BadInputException>(() => SigningKey.Parse(pem, "not-pw"));
    }
}
