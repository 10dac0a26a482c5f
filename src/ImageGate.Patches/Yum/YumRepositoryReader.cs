using System.Security.Cryptography;
using System.Text;
using System.Xml;
using ImageGate.Core.Errors;
using ImageGate.Patches.Fetching;
using ImageGate.Patches.OpenPgp;

namespace ImageGate.Patches.Yum;

/// <summary>What one yum repository supplied.</summary>
internal sealed record YumRepositoryData(RepositorySource Source, RepositoryMetadata Metadata, PrimaryIndex Primary,
    IReadOnlyList<UpdateInfoEntry> Updates, bool HasUpdateInfo, bool Verified);

/// <summary>Fetches one yum/dnf repository: repomd.xml (with its detached signature checked against the repo's
/// gpgkey), then primary and updateinfo with their checksums checked against repomd.</summary>
internal sealed class YumRepositoryReader(MetadataFetcher fetcher, PatchCheckOptions options)
{
    public async Task<YumRepositoryData> ReadAsync(RepositorySource source, CancellationToken ct)
    {
        var what = $"repository {source.Id}";
        var bases = new List<string>(source.BaseUrls);
        if (bases.Count == 0 && source.MirrorList is { } ml)
            bases.AddRange(await MirrorsAsync(source, ml, ct).ConfigureAwait(false));
        Exception? last = null;
        foreach (var b in bases)
        {
            try
            {
                var got = await ReadFromAsync(source, b.TrimEnd('/'), what, ct).ConfigureAwait(false);
                if (got is not null) return got;
                last = new ExternalToolException(what, $"{b.TrimEnd('/')}/repodata/repomd.xml not found");
            }
            catch (ExternalToolException e)
            {
                last = e;
            }
        }
        if (source.BaseUrls.Count > 0 && source.MirrorList is { } fallback)
        {
            foreach (var b in await MirrorsAsync(source, fallback, ct).ConfigureAwait(false))
            {
                try
                {
                    var got = await ReadFromAsync(source, b.TrimEnd('/'), what, ct).ConfigureAwait(false);
                    if (got is not null) return got;
                }
                catch (ExternalToolException e)
                {
                    last = e;
                }
            }
        }
        throw last as ExternalToolException ?? new ExternalToolException(what, "no base URL or mirror could be read");
    }

    private async Task<List<string>> MirrorsAsync(RepositorySource source, string url, CancellationToken ct)
    {
        var file = await fetcher.TryGetAsync(url, 8 << 20, null, source.Id, ct).ConfigureAwait(false);
        if (file is null) return [];
        if (source.IsMetalink)
        {
            return RepoXml.Guard($"repository {source.Id}: metalink {url}", () =>
            {
                var urls = new List<string>();
                using var r = RepoXml.Create(file.Bytes, 8L << 20);
                r.Read();
                while (!r.EOF)
                {
                    if (r.NodeType != XmlNodeType.Element || r.LocalName != "url")
                    {
                        r.Read();
                        continue;
                    }
                    var u = r.ReadElementContentAsString().Trim();
                    if (u.EndsWith("/repodata/repomd.xml", StringComparison.Ordinal)) u = u[..^"/repodata/repomd.xml".Length];
                    if (u.StartsWith("http", StringComparison.Ordinal)) urls.Add(u);
                }
                return urls;
            });
        }
        return Encoding.UTF8.GetString(file.Bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#') && l.StartsWith("http", StringComparison.Ordinal)).ToList();
    }

    private async Task<YumRepositoryData?> ReadFromAsync(RepositorySource source, string baseUrl, string what, CancellationToken ct)
    {
        var repomdUrl = $"{baseUrl}/repodata/repomd.xml";
        var repomdFile = await fetcher.TryGetAsync(repomdUrl, options.MaxReleaseFileBytes, null, source.Id, ct).ConfigureAwait(false);
        if (repomdFile is null) return null;

        var keys = new List<TrustedKey>(source.Keys);
        foreach (var keyUrl in source.KeyUrls)
        {
            var k = await fetcher.TryGetAsync(keyUrl, 4 << 20, null, source.Id, ct).ConfigureAwait(false)
                ?? throw new ExternalToolException(what, $"gpgkey {keyUrl} not found");
            keys.Add(new TrustedKey(keyUrl, k.Bytes));
        }
        var asc = await fetcher.TryGetAsync(repomdUrl + ".asc", 1 << 20, null, source.Id, ct).ConfigureAwait(false);
        VerifiedSignature? sig = null;
        if (asc is not null && keys.Count > 0)
        {
            var verifier = new OpenPgpVerifier(keys.Select(k => (k.Source, k.Data)));
            sig = verifier.VerifyDetached(repomdFile.Bytes, asc.Bytes, $"{what}: {repomdUrl}");
        }
        else if (!source.AllowUnsigned)
        {
            throw new VerificationException(asc is null ? RepositoryReasons.NotSigned : RepositoryReasons.NoTrustedKey,
                asc is null ? $"{what}: repo_gpgcheck is on but {repomdUrl}.asc is missing" : $"{what}: repo_gpgcheck is on but the repository has no gpgkey");
        }

        var repomd = Repomd.Parse(repomdFile.Bytes, $"{what}: {repomdUrl}");
        if (!repomd.Data.TryGetValue("primary", out var primaryRef))
            throw new BadInputException($"{what}: {repomdUrl} lists no primary metadata");
        var (primaryBytes, primaryDigest) = await FetchDataAsync(source, baseUrl, primaryRef, what, ct).ConfigureAwait(false);
        var primary = PrimaryIndex.Parse(primaryBytes, $"{what}: {primaryRef.Href}");
        var indexes = new List<string> { $"{primaryRef.Href} {primaryDigest}" };
        List<UpdateInfoEntry> updates = [];
        var hasUpdateInfo = repomd.Data.TryGetValue("updateinfo", out var uiRef);
        if (hasUpdateInfo)
        {
            var (uiBytes, uiDigest) = await FetchDataAsync(source, baseUrl, uiRef!, what, ct).ConfigureAwait(false);
            updates = UpdateInfoEntry.Parse(uiBytes, $"{what}: {uiRef!.Href}");
            indexes.Add($"{uiRef.Href} {uiDigest}");
        }
        var metadata = new RepositoryMetadata($"{source.Id} {baseUrl}", repomdUrl, repomd.Timestamp,
            "sha256:" + MetadataFetcher.Hex(SHA256.HashData(repomdFile.Bytes)), updates.Any(u => u.Type == "security"))
        {
            FetchedFrom = repomdFile.ResolvedUrl == repomdUrl ? null : repomdFile.ResolvedUrl,
            SignedBy = sig?.Fingerprint,
            Indexes = indexes,
        };
        return new YumRepositoryData(source, metadata, primary, updates, hasUpdateInfo, sig is not null);
    }

    private async Task<(byte[] Data, string Digest)> FetchDataAsync(RepositorySource source, string baseUrl, RepomdData d, string what, CancellationToken ct)
    {
        if (d.Href.Contains("..", StringComparison.Ordinal) || d.Href.StartsWith('/') || d.Href.Contains("://", StringComparison.Ordinal))
            throw new BadInputException($"{what}: repomd.xml location '{d.Href}' leaves the repository");
        var url = $"{baseUrl}/{d.Href}";
        var file = await fetcher.TryGetAsync(url, options.MaxIndexBytes, d.ChecksumType == "sha256" ? d.Checksum : null, source.Id, ct).ConfigureAwait(false)
            ?? throw new ExternalToolException(what, $"{url} (listed in repomd.xml) not found");
        byte[] hash = d.ChecksumType switch
        {
            "sha256" => SHA256.HashData(file.Bytes),
            "sha512" => SHA512.HashData(file.Bytes),
            "sha384" => SHA384.HashData(file.Bytes),
            "sha1" or "sha" => SHA1.HashData(file.Bytes),
            _ => throw new BadInputException($"{what}: unsupported checksum type '{d.ChecksumType}' for {d.Href}"),
        };
        var actual = MetadataFetcher.Hex(hash);
        if (actual != d.Checksum)
            throw new VerificationException(RepositoryReasons.HashMismatch, $"{what}: {url} has {d.ChecksumType} {actual} but repomd.xml says {d.Checksum}");
        return (Decompressor.Decompress(d.Href, file.Bytes, options.MaxIndexBytes, source.Id), $"{d.ChecksumType}:{actual}");
    }
}
