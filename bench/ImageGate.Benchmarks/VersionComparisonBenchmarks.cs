using BenchmarkDotNet.Attributes;
using ImageGate.Patches.Versions;

namespace ImageGate.Benchmarks;

/// <summary>dpkg and rpm version ordering over 10,000 realistic pairs.</summary>
public class VersionComparisonBenchmarks
{
    private (string A, string B)[] _deb = [];
    private (string A, string B)[] _rpm = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _deb = Enumerable.Range(0, 10_000).Select(_ => (Synthetic.DebianVersion(random), Synthetic.DebianVersion(random))).ToArray();
        _rpm = Enumerable.Range(0, 10_000).Select(_ => (Synthetic.RpmEvr(random), Synthetic.RpmEvr(random))).ToArray();
    }

    [Benchmark(Description = "dpkg: 10,000 comparisons")]
    public int Dpkg()
    {
        var sum = 0;
        foreach (var (a, b) in _deb) sum += DebianVersion.Compare(a, b);
        return sum;
    }

    [Benchmark(Description = "rpm: 10,000 EVR comparisons")]
    public int Rpm()
    {
        var sum = 0;
        foreach (var (a, b) in _rpm) sum += RpmVersion.Compare(a, b);
        return sum;
    }
}
