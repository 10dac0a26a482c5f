using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Patches.OpenPgp;
using ImageGate.Patches.Tests.Support;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;

namespace ImageGate.Patches.Tests.OpenPgp;

public sealed class OpenPgpVerifierTests : IDisposable
{
    private readonly TestGpgKey _key = new();
    private readonly TempDirectory _dir = new();

    private OpenPgpVerifier Verifier() => new([("test.asc", Encoding.ASCII.GetBytes(_key.PublicKeyArmored))]);

    [Fact]
    public void A_clear_signed_text_with_dash_lines_and_trailing_blanks_verifies_and_is_returned_as_signed()
    {
        const string text = "Origin: Test\n-----dashes at the start\n- one dash\nTrailing blanks   \nLast line\n";
        var file = _dir.Combine("Release");
        File.WriteAllText(file, text);
        _key.ClearSign(file, file + ".signed");
        var signed = File.ReadAllBytes(file + ".signed");
        Assert.Contains("- -----dashes", Encoding.UTF8.GetString(signed), StringComparison.Ordinal); // gpg dash-escaped it
        var result = Verifier().VerifyClearSigned(signed, "test");
        Assert.Equal(text, Encoding.UTF8.GetString(result.SignedContent));
        Assert.Equal(40, result.Fingerprint.Length);
    }

    [Fact]
    public void A_binary_detached_signature_verifies_and_a_changed_byte_does_not()
    {
        var file = _dir.Combine("repomd.xml");
        File.WriteAllText(file, "<repomd/>\n");
        _key.Sign(file, file + ".sig");
        var data = File.ReadAllBytes(file);
        var sig = File.ReadAllBytes(file + ".sig");
        Verifier().VerifyDetached(data, sig, "test");
        data[1] ^= 1;
        var e = Assert.Throws<VerificationException>(() => Verifier().VerifyDetached(data, sig, "repository r"));
        Assert.Equal("bad-signature", e.Reason);
        Assert.Contains("repository r", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_SHA1_signature_does_not_count()
    {
        var file = _dir.Combine("Release");
        File.WriteAllText(file, "Origin: Test\n");
        _key.Sign(file, file + ".gpg", "--digest-algo", "SHA1");
        var e = Assert.Throws<VerificationException>(() => Verifier().VerifyDetached(File.ReadAllBytes(file), File.ReadAllBytes(file + ".gpg"), "test"));
        Assert.Contains("weak hash", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyring_that_is_not_OpenPGP_is_bad_input()
    {
        Assert.Throws<BadInputException>(() => new OpenPgpVerifier([("junk.gpg", Encoding.ASCII.GetBytes("not a key at all"))]));
        Assert.Throws<BadInputException>(() => new OpenPgpVerifier([("empty.gpg", Array.Empty<byte>())]));
    }

    [Fact]
    public void A_garbage_signature_is_a_verification_error() =>
        Assert.Throws<VerificationException>(() => Verifier().VerifyDetached("x"u8.ToArray(), "-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----\n"u8.ToArray(), "test"));

    [Fact]
    public void The_debian_archive_keyring_loads_every_key()
    {
        var keyring = File.ReadAllBytes(Path.Combine(Fixtures.Path("root"), "usr/share/keyrings/debian-archive-keyring.gpg"));
        Assert.True(new OpenPgpVerifier([("debian-archive-keyring.gpg", keyring)]).KeyCount >= 5);
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }
}
