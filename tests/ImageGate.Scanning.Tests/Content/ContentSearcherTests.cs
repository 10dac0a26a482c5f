using System.Text;
using ImageGate.Scanning.Content;

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
}
