using System.Text;

namespace ImageGate.Patches.Apt;

/// <summary>The newest version of each (package, architecture) in one or more apt <c>Packages</c> files.</summary>
internal sealed class PackagesIndex
{
    private readonly Dictionary<(string Name, string Arch), string> _newest = new();

    public int Count => _newest.Count;

    public string? Newest(string name, string arch) => _newest.TryGetValue((name, arch), out var v) ? v : null;

    /// <summary>Adds every stanza of a Packages file (only Package, Version and Architecture are read).</summary>
    public void Add(ReadOnlySpan<byte> data)
    {
        string? name = null, version = null, arch = null;
        while (true)
        {
            var nl = data.IndexOf((byte)'\n');
            var line = nl >= 0 ? data[..nl] : data;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.IsEmpty)
            {
                Flush(ref name, ref version, ref arch);
            }
            else if (line[0] is not ((byte)' ' or (byte)'\t'))
            {
                if (line.StartsWith("Package:"u8)) name = Value(line, 8);
                else if (line.StartsWith("Version:"u8)) version = Value(line, 8);
                else if (line.StartsWith("Architecture:"u8)) arch = Value(line, 13);
            }
            if (nl < 0) break;
            data = data[(nl + 1)..];
        }
        Flush(ref name, ref version, ref arch);
    }

    private static string Value(ReadOnlySpan<byte> line, int skip) => Encoding.UTF8.GetString(line[skip..].Trim((byte)' '));

    private void Flush(ref string? name, ref string? version, ref string? arch)
    {
        if (name is not null && version is not null)
        {
            var key = (name, arch ?? "all");
            if (!_newest.TryGetValue(key, out var have) || Versions.DebianVersion.Compare(version, have) > 0)
                _newest[key] = version;
        }
        name = version = arch = null;
    }
}
