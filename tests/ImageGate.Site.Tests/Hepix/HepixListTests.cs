using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Site.Sync;
using ImageGate.Testing.Sites;
using ImageGate.Site.Verification;
using ImageGate.Testing;
using ImageGate.Testing.Lists;

namespace ImageGate.Site.Tests.Hepix;

/// <summary>S/MIME-signed HEPiX image lists (vmcatcher's format), signed by the real openssl.</summary>
public sealed class HepixListTests : IAsyncDisposable
{
    private readonly SiteWorld _world = new();
    private readonly HepixPublisher _endorser;
    private readonly TestImage _debian = TestImage.Random("debian-12", "2026.11.01", kib: 64);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public HepixListTests() => _endorser = new HepixPublisher(_world.Temp.Combine("endorser"));

    private byte[] Json(TimeSpan? expiresIn = null, DateTimeOffset? created = null)
    {
        var c = created ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        return HepixPublisher.Compose(c, c + (expiresIn ?? TimeSpan.FromDays(28)), [(_debian, _world.Server.BaseUrl)]);
    }

    private Task<VerifiedList> VerifyAsync(byte[] smime, SignerIdentity? signer = null, string? state = null) =>
        new ListVerifier(new InterimKeyBundleVerifier(), _world.Time)
            .VerifyHepixAsync(smime, signer ?? SignerIdentity.X509(_endorser.CaDirectory, _endorser.SignerDn), "imagelist.smime", state, Ct);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_list_signed_with_openssl_smime_verifies_and_maps_to_the_list_model(bool textMode)
    {
        var verified = await VerifyAsync(_endorser.Sign(Json(), textMode));
        var image = Assert.Single(verified.List.Images);
        Assert.Equal("debian-12@2026.11.01", image.Label);
        Assert.Equal(_debian.Sha512, image.Sha512);
        Assert.Null(image.Sha256);
        Assert.Equal("qcow2", image.Format);
        Assert.Equal("Linux Debian 12", image.Os);
        Assert.Equal(_endorser.SignerDn, verified.List.Endorser);
    }

    [Fact]
    public async Task The_signer_dn_matches_in_either_notation()
    {
        var smime = _endorser.Sign(Json());
        await VerifyAsync(smime, SignerIdentity.X509(_endorser.CaDirectory, "CN=Endorser, O=ImageGate Test, C=CH"));
        await VerifyAsync(smime, SignerIdentity.X509AnySignerUnsafe(_endorser.CaDirectory));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void A_signer_dn_is_required(string? dn) =>
        Assert.Contains("--signer-dn", Assert.Throws<BadInputException>(() => SignerIdentity.X509(_endorser.CaDirectory, dn!)).Message);

    [Theory]
    [InlineData("keyUsage=keyEncipherment")]
    [InlineData("extendedKeyUsage=codeSigning")]
    [InlineData("extendedKeyUsage=anyExtendedKeyUsage")]
    [InlineData("extendedKeyUsage=serverAuth,clientAuth")]
    [InlineData("nsCertType=server")]
    public async Task A_signer_certificate_not_for_SMIME_signing_is_untrusted_as_openssl_says(string extensions)
    {
        var endorser = new HepixPublisher(_world.Temp.Combine("usage"), signerExtensions: extensions);
        var smime = endorser.Sign(Json());
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(smime, SignerIdentity.X509(endorser.CaDirectory, endorser.SignerDn)));
        Assert.Equal(ListReasons.UntrustedSigner, ex.Reason);
        Assert.Contains("S/MIME", ex.Message);
        var openssl = endorser.OpensslVerify(smime);
        Assert.True(openssl.ExitCode != 0, "openssl smime -verify accepted it");
        Assert.Contains("unsuitable certificate purpose", openssl.Error);
    }

    [Theory]
    [InlineData("keyUsage=critical,digitalSignature")]
    [InlineData("keyUsage=nonRepudiation")]
    [InlineData("extendedKeyUsage=emailProtection")]
    [InlineData("keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth,emailProtection")]
    [InlineData("nsCertType=email")]
    [InlineData("basicConstraints=CA:FALSE")]
    public async Task A_signer_certificate_for_SMIME_signing_verifies_as_with_openssl(string extensions)
    {
        var endorser = new HepixPublisher(_world.Temp.Combine("usage"), signerExtensions: extensions);
        var smime = endorser.Sign(Json());
        await VerifyAsync(smime, SignerIdentity.X509(endorser.CaDirectory, endorser.SignerDn));
        var openssl = endorser.OpensslVerify(smime);
        Assert.True(openssl.ExitCode == 0, openssl.Error);
    }

    [Fact]
    public async Task A_CA_whose_extended_key_usage_leaves_out_emailProtection_is_untrusted_as_openssl_says()
    {
        var endorser = new HepixPublisher(_world.Temp.Combine("ca-usage"), caExtensions: "keyUsage=keyCertSign,cRLSign\nextendedKeyUsage=serverAuth");
        var smime = endorser.Sign(Json());
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(smime, SignerIdentity.X509(endorser.CaDirectory, endorser.SignerDn)));
        Assert.Equal(ListReasons.UntrustedSigner, ex.Reason);
        Assert.Contains("emailProtection", ex.Message);
        Assert.NotEqual(0, endorser.OpensslVerify(smime).ExitCode);
    }

    [Fact]
    public async Task A_tampered_list_is_rejected()
    {
        var smime = Encoding.Latin1.GetString(_endorser.Sign(Json())).Replace("debian-12", "debian-13", StringComparison.Ordinal);
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(Encoding.Latin1.GetBytes(smime)));
        Assert.Equal(ListReasons.SignatureInvalid, ex.Reason);
    }

    [Fact]
    public async Task A_list_signed_under_another_CA_is_untrusted()
    {
        var stranger = new HepixPublisher(_world.Temp.Combine("stranger"));
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(stranger.Sign(Json())));
        Assert.Equal(ListReasons.UntrustedSigner, ex.Reason);
    }

    [Fact]
    public async Task A_list_signed_by_another_endorser_of_the_same_CA_is_the_wrong_signer()
    {
        var smime = _endorser.Sign(Json());
        var ex = await Assert.ThrowsAsync<VerificationException>(() =>
            VerifyAsync(smime, SignerIdentity.X509(_endorser.CaDirectory, "/C=CH/O=ImageGate Test/CN=Someone Else")));
        Assert.Equal(ListReasons.WrongSigner, ex.Reason);
    }

    [Fact]
    public async Task An_expired_HEPiX_list_is_rejected_and_an_older_one_is_a_rollback()
    {
        var expired = _endorser.Sign(Json(TimeSpan.FromDays(1), DateTimeOffset.UtcNow.AddDays(-2)));
        Assert.Equal(ListReasons.ListExpired, (await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(expired))).Reason);

        var state = _world.Temp.Combine("state");
        Directory.CreateDirectory(state);
        var older = _endorser.Sign(Json(created: DateTimeOffset.UtcNow.AddHours(-2)));
        await VerifyAsync(_endorser.Sign(Json()), state: state);
        Assert.Equal(ListReasons.Rollback, (await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(older, state: state))).Reason);
    }

    [Fact]
    public async Task A_plain_json_file_is_not_an_smime_message()
    {
        var ex = await Assert.ThrowsAsync<BadInputException>(() => VerifyAsync(Json()));
        Assert.Equal("imagelist.smime", ex.Path);
    }

    [Fact]
    public async Task Site_sync_follows_a_HEPiX_list_over_http()
    {
        _world.Server.Serve(_debian.UrlPath, _debian.Bytes);
        _world.Server.Serve("/imagelist.smime", _endorser.Sign(Json()));
        var options = _world.Options() with
        {
            List = _world.Server.BaseUrl + "/imagelist.smime",
            Signer = SignerIdentity.X509(_endorser.CaDirectory, _endorser.SignerDn),
        };
        var result = await _world.SyncAsync(options);
        Assert.Empty(result.Failures);
        Assert.Equal(SyncEventKind.Available, Assert.Single(result.Events).Kind);
        Assert.True(File.Exists(_world.ImagePath(_debian)));
        Assert.True(File.Exists(Path.Combine(_world.Cache, "imagelist.smime")));
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
