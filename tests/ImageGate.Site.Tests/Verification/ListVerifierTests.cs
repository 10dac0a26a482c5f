using System.Diagnostics;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Lists.Reading;
using ImageGate.Testing.Sites;
using ImageGate.Site.Verification;
using ImageGate.Testing;
using ImageGate.Testing.Lists;

namespace ImageGate.Site.Tests.Verification;

public sealed class ListVerifierTests : IDisposable
{
    private readonly ListSigner _signer = new();
    private readonly TempDirectory _temp = new("imagegate-verify");
    private readonly ShiftedTime _time = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SignerIdentity Key => SignerIdentity.Key(_signer.PublicKeyPem);

    private static byte[] List(long version, TimeSpan? expiresIn = null, DateTimeOffset? created = null, int images = 2)
    {
        var now = DateTimeOffset.UtcNow;
        var entries = Enumerable.Range(0, images).Select(i => TestImage.Random($"img-{i}", "1.0", kib: 1).Entry("https://example.org"));
        var c = created ?? now.AddMinutes(-1);
        return ListSigner.Compose(version, c, c + (expiresIn ?? TimeSpan.FromDays(28)), entries);
    }

    private Task<VerifiedList> VerifyAsync(byte[] content, string? bundle = null, SignerIdentity? signer = null, bool state = true) =>
        new ListVerifier(new InterimKeyBundleVerifier(), _time)
            .VerifyAsync(content, bundle ?? _signer.Sign(content), signer ?? Key, "list.json", "list.json.sigstore.json", state ? _temp.Path : null, Ct);

    [Fact]
    public async Task A_fresh_list_signed_by_the_expected_key_verifies_and_is_recorded()
    {
        var content = List(5);
        var verified = await VerifyAsync(content);
        Assert.Equal(5, verified.List.Version);
        Assert.Equal(2, verified.List.Images.Count);
        Assert.Equal(5, ListVerifier.LastAccepted(_temp.Path)!.Version);
        await VerifyAsync(content); // the same list again is fine
    }

    [Fact]
    public async Task A_tampered_list_is_rejected_with_digest_mismatch()
    {
        var content = List(5);
        var bundle = _signer.Sign(content);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("img-1", "evil-1", StringComparison.Ordinal));
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(tampered, bundle));
        Assert.Equal(ListReasons.DigestMismatch, ex.Reason);
        Assert.StartsWith("list.json: ", ex.Message);
        Assert.Null(ListVerifier.LastAccepted(_temp.Path));
    }

    [Fact]
    public async Task A_list_signed_by_another_key_is_rejected()
    {
        using var other = new ListSigner();
        var content = List(5);
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(content, other.Sign(content)));
        Assert.Equal(ListReasons.SignatureInvalid, ex.Reason);
        Assert.Contains("wrong signer", ex.Message);
    }

    [Fact]
    public async Task A_list_whose_bundle_signs_another_digest_with_a_forged_signature_is_rejected()
    {
        var content = List(5);
        var bundle = System.Text.Json.Nodes.JsonNode.Parse(_signer.Sign(content))!;
        bundle["messageSignature"]!["signature"] = Convert.ToBase64String(new byte[70]);
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(content, bundle.ToJsonString()));
        Assert.Equal(ListReasons.SignatureInvalid, ex.Reason);
    }

    [Fact]
    public async Task An_expired_list_is_rejected_as_list_expired()
    {
        var content = List(5, expiresIn: TimeSpan.FromDays(1), created: DateTimeOffset.UtcNow.AddDays(-2));
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(content));
        Assert.Equal(ListReasons.ListExpired, ex.Reason);
        Assert.Contains("expired", ex.Message);
    }

    [Fact]
    public async Task A_list_that_expires_while_a_site_waits_is_rejected()
    {
        var content = List(5, expiresIn: TimeSpan.FromDays(2));
        await VerifyAsync(content);
        _time.Offset = TimeSpan.FromDays(3);
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(content));
        Assert.Equal(ListReasons.ListExpired, ex.Reason);
    }

    [Fact]
    public async Task A_list_created_in_the_future_is_rejected()
    {
        var content = List(5, created: DateTimeOffset.UtcNow.AddHours(2));
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(content));
        Assert.Equal(ListReasons.ListFromFuture, ex.Reason);
    }

    [Fact]
    public async Task A_rollback_to_an_older_signed_list_is_rejected()
    {
        var older = List(4);
        await VerifyAsync(List(5));
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(older));
        Assert.Equal(ListReasons.Rollback, ex.Reason);
        Assert.Contains("version 4 is older than version 5", ex.Message);
        Assert.Equal(5, ListVerifier.LastAccepted(_temp.Path)!.Version);
        await VerifyAsync(older, state: false); // without state there is nothing to compare against
    }

    [Fact]
    public async Task The_same_version_with_other_content_is_rejected_as_version_reused()
    {
        await VerifyAsync(List(5));
        var ex = await Assert.ThrowsAsync<VerificationException>(() => VerifyAsync(List(5)));
        Assert.Equal(ListReasons.VersionReused, ex.Reason);
    }

    [Fact]
    public async Task A_newer_list_advances_the_state()
    {
        await VerifyAsync(List(5));
        await VerifyAsync(List(9));
        Assert.Equal(9, ListVerifier.LastAccepted(_temp.Path)!.Version);
    }

    [Fact]
    public async Task A_keyless_identity_needs_the_sigstore_verifier()
    {
        var content = List(1);
        var ex = await Assert.ThrowsAsync<ExternalToolException>(() =>
            VerifyAsync(content, signer: SignerIdentity.Keyless("https://github.com/o/r/.github/workflows/p.yml@refs/heads/main", "https://token.actions.githubusercontent.com")));
        Assert.Contains("--key", ex.Message);
    }

    [Fact]
    public async Task A_malformed_bundle_is_bad_input_naming_the_bundle()
    {
        var ex = await Assert.ThrowsAsync<BadInputException>(() => VerifyAsync(List(1), "{not json"));
        Assert.Equal("list.json.sigstore.json", ex.Path);
    }

    [Fact]
    public async Task A_corrupt_state_file_is_bad_input_naming_it()
    {
        await File.WriteAllTextAsync(Path.Combine(_temp.Path, "list-state.json"), "{oops", Ct);
        var ex = await Assert.ThrowsAsync<BadInputException>(() => VerifyAsync(List(1)));
        Assert.EndsWith("list-state.json", ex.Path);
    }

    [Fact]
    public async Task A_signed_list_of_10000_images_verifies_quickly()
    {
        var content = List(1, images: 10_000);
        var bundle = _signer.Sign(content);
        var verifier = new ListVerifier(new InterimKeyBundleVerifier(), _time);
        await verifier.VerifyAsync(content, bundle, Key, "l", "b", null, Ct); // warm up
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            var v = await verifier.VerifyAsync(content, bundle, Key, "l", "b", null, Ct);
            sw.Stop();
            Assert.Equal(10_000, v.List.Images.Count);
            if (sw.Elapsed < best) best = sw.Elapsed;
        }
        // The target is 0.5 s in a Release build (issue "Benchmarks" measures it); this Debug test on a shared,
        // loaded machine only guards against an order-of-magnitude regression.
        TestContext.Current.SendDiagnosticMessage($"verifying 10,000 images: best of 3 {best.TotalMilliseconds:0} ms");
        Assert.True(best < TimeSpan.FromSeconds(3), $"verifying 10,000 images took {best.TotalMilliseconds:0} ms");
    }

    public void Dispose()
    {
        _signer.Dispose();
        _temp.Dispose();
    }
}
