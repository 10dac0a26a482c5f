using ImageGate.Core.Errors;
using ImageGate.FileTrees;

namespace ImageGate.Patches.Apt;

/// <summary>Reads an image's apt sources: <c>/etc/apt/sources.list</c>, <c>sources.list.d/*.list</c> (one-line
/// format with <c>[options]</c>) and <c>*.sources</c> (deb822 with <c>Signed-By</c> as paths or an inline key).</summary>
internal static class AptSourcesReader
{
    public static List<RepositorySource> Read(IFileSystem fs, IReadOnlyList<string> architectures)
    {
        var entries = new List<SourceEntry>();
        if (ImageFiles.ReadText(fs, "/etc/apt/sources.list") is { } main)
            entries.AddRange(ParseOneLine(main, "/etc/apt/sources.list"));
        foreach (var path in ImageFiles.ListFiles(fs, "/etc/apt/sources.list.d", ".list"))
            entries.AddRange(ParseOneLine(ImageFiles.ReadText(fs, path) ?? "", path));
        foreach (var path in ImageFiles.ListFiles(fs, "/etc/apt/sources.list.d", ".sources"))
            entries.AddRange(ParseDeb822(ImageFiles.ReadText(fs, path) ?? "", path));

        var defaultKeys = new List<TrustedKey>();
        if (ImageFiles.ReadBytes(fs, "/etc/apt/trusted.gpg") is { } legacy) defaultKeys.Add(new TrustedKey("/etc/apt/trusted.gpg", legacy));
        foreach (var path in ImageFiles.ListFiles(fs, "/etc/apt/trusted.gpg.d", ".gpg").Concat(ImageFiles.ListFiles(fs, "/etc/apt/trusted.gpg.d", ".asc")))
            if (ImageFiles.ReadBytes(fs, path) is { } b) defaultKeys.Add(new TrustedKey(path, b));

        var authMachines = AuthMachines(fs);
        var result = new List<RepositorySource>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in entries.Where(e => e.Types.Contains("deb")))
        {
            List<TrustedKey> keys;
            if (e.SignedBy.Count > 0)
            {
                keys = [];
                foreach (var s in e.SignedBy)
                {
                    if (s.StartsWith("-----BEGIN", StringComparison.Ordinal)) keys.Add(new TrustedKey($"inline in {e.File}", System.Text.Encoding.ASCII.GetBytes(s)));
                    else if (s.StartsWith('/'))
                        keys.Add(new TrustedKey(s, ImageFiles.ReadBytes(fs, s)
                            ?? throw new BadInputException($"Signed-By names {s}, which is not in the image", e.File)));
                    // A fingerprint restricts which keys of the default keyring may sign: use the default keyring.
                    else keys.AddRange(defaultKeys);
                }
            }
            else keys = defaultKeys;
            var archs = e.Architectures.Count > 0 ? e.Architectures.Where(architectures.Contains).ToList() : architectures.ToList();
            foreach (var uri in e.Uris)
                foreach (var suite in e.Suites)
                {
                    // user:password@ is removed here, once: nothing downstream (reports, inventory.json, fetches) sees it.
                    var baseUri = RepositoryUrl.Redact(uri).TrimEnd('/');
                    var id = $"{baseUri} {suite}";
                    if (!seen.Add(id)) continue;
                    result.Add(new RepositorySource(RepositoryKind.Deb, id, [baseUri])
                    {
                        Suite = suite,
                        Components = e.Components,
                        Architectures = archs,
                        Keys = keys,
                        AllowUnsigned = e.Trusted,
                        ConfiguredIn = e.File,
                        CredentialsRemoved = RepositoryUrl.HasUserInfo(uri) || authMachines.Any(m => AuthMachineMatches(m, baseUri)),
                    });
                }
        }
        return result;
    }

    /// <summary>The <c>machine</c> values of <c>/etc/apt/auth.conf</c> and <c>auth.conf.d/*</c> (netrc-like; only the
    /// machines are kept: the logins and passwords are never read into memory beyond this scan).</summary>
    internal static List<string> AuthMachines(IFileSystem fs)
    {
        var files = new List<string> { "/etc/apt/auth.conf" };
        files.AddRange(ImageFiles.ListFiles(fs, "/etc/apt/auth.conf.d", ""));
        var machines = new List<string>();
        foreach (var file in files)
        {
            if (ImageFiles.ReadText(fs, file) is not { } text) continue;
            var words = text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))
                .SelectMany(l => l.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)).ToList();
            for (var i = 0; i + 1 < words.Count; i++)
                if (words[i] == "machine") machines.Add(words[i + 1]);
        }
        return machines;
    }

    /// <summary>apt's rule: a machine <c>host[:port][/path]</c> (optionally with a scheme) applies to URIs on that host
    /// whose path starts with its path.</summary>
    internal static bool AuthMachineMatches(string machine, string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var u)) return false;
        var m = machine;
        var sep = m.IndexOf("://", StringComparison.Ordinal);
        if (sep >= 0) m = m[(sep + 3)..];
        var slash = m.IndexOf('/');
        var host = slash < 0 ? m : m[..slash];
        var path = slash < 0 ? "" : m[slash..];
        var hostOnly = host.Contains(':') && !host.EndsWith(']') ? host[..host.LastIndexOf(':')] : host;
        return (string.Equals(hostOnly, u.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(host, u.Authority, StringComparison.OrdinalIgnoreCase))
            && (u.AbsolutePath + "/").StartsWith(path, StringComparison.Ordinal);
    }

    internal sealed record SourceEntry(string File, List<string> Types, List<string> Uris, List<string> Suites, List<string> Components)
    {
        public List<string> SignedBy { get; init; } = [];
        public List<string> Architectures { get; init; } = [];
        public bool Trusted { get; init; }
    }

    internal static IEnumerable<SourceEntry> ParseOneLine(string text, string file)
    {
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw;
            var hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            line = line.Trim();
            if (line.Length == 0) continue;
            var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var open = line.IndexOf('[');
            string rest;
            var type = line.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries)[0];
            rest = line[type.Length..].Trim();
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']');
                if (close < 0) throw new BadInputException($"line {lineNo}: unterminated [options]", file);
                foreach (var opt in rest[1..close].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = opt.IndexOf('=');
                    if (eq > 0) options[opt[..eq].TrimEnd('+', '-')] = opt[(eq + 1)..];
                }
                rest = rest[(close + 1)..].Trim();
            }
            _ = open;
            var parts = rest.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (type is not ("deb" or "deb-src"))
                throw new BadInputException($"line {lineNo}: unknown source type '{type}'", file);
            if (parts.Length < 2)
                throw new BadInputException($"line {lineNo}: a source needs a URI and a suite", file);
            yield return new SourceEntry(file, [type], [parts[0]], [parts[1]], parts.Skip(2).ToList())
            {
                SignedBy = options.TryGetValue("signed-by", out var sb) ? sb.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList() : [],
                Architectures = options.TryGetValue("arch", out var a) ? a.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList() : [],
                Trusted = options.TryGetValue("trusted", out var t) && t == "yes",
            };
        }
    }

    internal static IEnumerable<SourceEntry> ParseDeb822(string text, string file)
    {
        foreach (var stanza in Deb822.Parse(text, file))
        {
            if (stanza.TryGetValue("Enabled", out var enabled) && enabled.Trim().Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
            List<string> Words(string key) => stanza.TryGetValue(key, out var v) ? v.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList() : [];
            var types = Words("Types");
            var uris = Words("URIs");
            var suites = Words("Suites");
            if (types.Count == 0 || uris.Count == 0 || suites.Count == 0)
                throw new BadInputException("a deb822 source needs Types, URIs and Suites", file);
            var signedBy = new List<string>();
            if (stanza.TryGetValue("Signed-By", out var sb))
            {
                var trimmed = sb.Trim();
                if (trimmed.StartsWith("-----BEGIN", StringComparison.Ordinal)) signedBy.Add(trimmed + "\n");
                else signedBy.AddRange(trimmed.Split((char[])[' ', '\t', '\n', ','], StringSplitOptions.RemoveEmptyEntries));
            }
            yield return new SourceEntry(file, types, uris, suites, Words("Components"))
            {
                SignedBy = signedBy,
                Architectures = Words("Architectures"),
                Trusted = stanza.TryGetValue("Trusted", out var t) && t.Trim() == "yes",
            };
        }
    }
}
