using System.Text;
using ImageGate.Scanning.Content;
using ImageGate.Testing.Images;

namespace ImageGate.Scanning.Tests.Content;

public sealed class ContentSearcherTests
{
    // Built at run time: no token-shaped literal lives in the repository.
    private static readonly string Token = "gh" + "p_" + string.Concat(Enumerable.Range(0, 36).Select(i => (char)('a' + (i * 7 % 26))));

    [Fact]
    public void A_token_across_every_chunk_boundary_offset_is_found_exactly_once()
    {
        for (var shift = -Token.Length - 2; shift <= 2; shift++)
        {
            var data = new byte[ContentSearcher.ChunkSize * 2 + 1000];
            Array.Fill(data, (byte)' ');
            var at = ContentSearcher.ChunkSize + shift;
            Encoding.ASCII.GetBytes(Token).CopyTo(data, at);
            var result = ContentSearcher.Search(new MemoryStream(data), 0, TestContext.Current.CancellationToken);
            var hit = Assert.Single(result.Hits);
            Assert.Equal(HitKind.GitHubToken, hit.Kind);
            Assert.Equal(at, hit.Offset);
        }
    }

    [Fact]
    public void A_pem_header_without_a_key_body_is_not_a_key()
    {
        var text = "-----BEGIN RSA PRIVATE KEY-----\0-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n";
        var result = ContentSearcher.Search(new MemoryStream(Encoding.ASCII.GetBytes(text)), 0, TestContext.Current.CancellationToken);
        Assert.Empty(result.Hits);
    }

    [Fact]
    public void A_token_inside_a_longer_word_is_not_a_token()
    {
        var text = "x" + Token + " " + Token + "x";
        var result = ContentSearcher.Search(new MemoryStream(Encoding.ASCII.GetBytes(text)), 0, TestContext.Current.CancellationToken);
        Assert.Empty(result.Hits);
    }

    [Fact]
    public void A_jwt_and_a_base64_pem_key_across_every_chunk_boundary_offset_are_found_exactly_once_with_one_digest()
    {
        var jwt = ServiceSecretRoot.Jwt("boundary");
        using var ec = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var b64 = Convert.ToBase64String(Encoding.ASCII.GetBytes(ec.ExportPkcs8PrivateKeyPem()));
        foreach (var (secret, kind) in new[] { (jwt, HitKind.JsonWebToken), (b64, HitKind.EmbeddedPrivateKey) })
        {
            var digests = new HashSet<string>();
            for (var shift = -ContentSearcher.Lookahead - 20; shift <= 2; shift += 7)
            {
                var data = new byte[ContentSearcher.ChunkSize * 2 + 1000];
                Array.Fill(data, (byte)' ');
                var at = ContentSearcher.ChunkSize + shift;
                Encoding.ASCII.GetBytes(secret).CopyTo(data, at);
                var result = ContentSearcher.Search(new MemoryStream(data), 0, TestContext.Current.CancellationToken);
                var hit = Assert.Single(result.Hits);
                Assert.Equal(kind, hit.Kind);
                Assert.Equal(at, hit.Offset);
                digests.Add(Convert.ToHexString(hit.SecretDigest));
            }
            Assert.Single(digests);
        }
    }

    [Fact]
    public void A_base64_json_object_without_alg_and_base64_that_is_not_a_pem_key_are_not_secrets()
    {
        static string B64Url(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var notJwt = B64Url("""{"typ":"example","kid":"1"}""") + "." + B64Url("""{"sub":"nobody"}""") + ".c2lnbmF0dXJl";
        var cert = Convert.ToBase64String(Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\n" + new string('A', 200) + "\n-----END CERTIFICATE-----\n"));
        var text = $"header: {notJwt}\ncert: {cert}\n";
        var result = ContentSearcher.Search(new MemoryStream(Encoding.ASCII.GetBytes(text)), 0, TestContext.Current.CancellationToken);
        Assert.Empty(result.Hits);
    }
}
