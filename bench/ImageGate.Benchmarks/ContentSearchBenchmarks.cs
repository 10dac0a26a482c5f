using BenchmarkDotNet.Attributes;
using ImageGate.Scanning.Content;

namespace ImageGate.Benchmarks;

/// <summary>The multi-pattern secret search over file bytes: binary data (ELF-like noise), text with many candidate
/// prefixes that fail validation, and text holding real-looking keys.</summary>
[MemoryDiagnoser]
public class ContentSearchBenchmarks
{
    private const int Size = 16 * 1024 * 1024;
    private byte[] _binary = [];
    private byte[] _text = [];
    private byte[] _secrets = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        _binary = new byte[Size];
        random.NextBytes(_binary);
        var words = "the quick brown fox jumps over a lazy dog AKIA npm ghp_x -----BEGIN CERTIFICATE----- service Accounts\n"u8.ToArray();
        _text = new byte[Size];
        for (var i = 0; i < Size; i++) _text[i] = words[i % words.Length];
        _secrets = (byte[])_text.Clone();
        var key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n"u8;
        for (var at = 4096; at + key.Length < Size; at += Size / 32) key.CopyTo(_secrets.AsSpan(at));
    }

    [Benchmark(Description = "16 MiB binary")]
    public int Binary() => Search(_binary);

    [Benchmark(Description = "16 MiB text, near-misses")]
    public int Text() => Search(_text);

    [Benchmark(Description = "16 MiB text, 32 keys")]
    public int Secrets() => Search(_secrets);

    private static int Search(byte[] data)
    {
        using var stream = new MemoryStream(data, writable: false);
        return ContentSearcher.Search(stream, 0, CancellationToken.None).Hits.Count;
    }
}
