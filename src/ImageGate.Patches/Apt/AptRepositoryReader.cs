using System.Security.Cryptography;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Patches.Fetching;
using ImageGate.Patches.OpenPgp;

namespace ImageGate.Patches.Apt;

/// <summary>What one apt repository supplied: its verified release metadata and its package index.</summary>
internal sealed record AptRepositoryData(RepositorySource Source, RepositoryMetadata Metadata, PackagesIndex Index, bool Verified);

/// <summary>Fetches and verifies one apt repository: InRelease (or Release + Release.gpg) signed by a key the image
/// trusts, Valid-Until and Date against the clock, the suite it claims, and each Packages file's SHA-256.</summary>
internal sealed class AptRepositoryReader(MetadataFetcher fetcher, PatchCheckOptions options)
{
    public async Task<AptRepositoryData?> ReadAsync(RepositorySource source, CancellationToken ct)
    {
        var suite = source.Suite ?? throw new BadInputException($"repository {source.Id}: no suite");
        var flat = suite.EndsWith('/');
        var baseUrl = source.BaseUrls[0].TrimEnd('/');
        var distUrl = flat ? $"{baseUrl}/{suite.TrimEnd('/').TrimStart('.').TrimStart('/')}".TrimEnd('/') : $"{baseUrl}/dists/{suite}";
        var what = $"repository {source.Id}";

        byte[] signedFile;
        string signedUrl;
        string fetchedFrom;
        byte[] content;
        VerifiedSignature? signature = null;
        var verified = false;
        var inRelease = await fetcher.TryGetAsync($"{distUrl}/InRelease", options.MaxReleaseFileBytes, null, source.Id, ct).ConfigureAwait(false);
        if (inRelease is not null)
        {
            signedFile = inRelease.Bytes;
            signedUrl = inRelease.Url;
            fetchedFrom = inRelease.ResolvedUrl;
            try
            {
                signature = Verifier(source, what).VerifyClearSigned(signedFile, $"{what}: {signedUrl}");
                content = signature.SignedContent;
                verified = true;
            }
            catch (VerificationException) when (source.AllowUnsigned)
            {
                content = StripClearSign(signedFile);
            }
        }
        else
        {
            var release = await fetcher.TryGetAsync($"{distUrl}/Release", options.MaxReleaseFileBytes, null, source.Id, ct).ConfigureAwait(false);
            if (release is null) return null;
            signedFile = release.Bytes;
            signedUrl = release.Url;
            fetchedFrom = release.ResolvedUrl;
            content = release.Bytes;
            var gpg = await fetcher.TryGetAsync($"{distUrl}/Release.gpg", 1 << 20, null, source.Id, ct).ConfigureAwait(false);
            try
            {
                if (gpg is null)
                    throw new VerificationException(RepositoryReasons.NotSigned, $"{what}: {signedUrl} has no InRelease and no Release.gpg signature");
                signature = Verifier(source, what).VerifyDetached(release.Bytes, gpg.Bytes, $"{what}: {signedUrl}");
                verified = true;
            }
            catch (VerificationException) when (source.AllowUnsigned)
            {
            }
        }

        var text = Encoding.UTF8.GetString(content);
        var rel = ReleaseFile.Parse(text, signedUrl);
        var now = options.TimeProvider.GetUtcNow();
        if (rel.ValidUntil is { } until && until < now)
            throw new VerificationException(RepositoryReasons.MetadataExpired,
                $"{what}: {signedUrl} expired on {until:yyyy-MM-dd HH:mm} UTC (Valid-Until); the mirror is stale or the file was replayed");
        if (rel.Date is { } date && date > now.AddMinutes(10))
            throw new VerificationException(RepositoryReasons.MetadataNotYetValid,
                $"{what}: {signedUrl} is dated {date:yyyy-MM-dd HH:mm} UTC, in the future (check the clock)");
        // Old Debian security suites are asked for as CODENAME/updates and name only the codename.
        if (!flat && !string.Equals(rel.Suite, suite, StringComparison.Ordinal) && !string.Equals(rel.Codename, suite, StringComparison.Ordinal)
            && !(rel.Codename is { Length: > 0 } cn && string.Equals(suite, cn + "/updates", StringComparison.Ordinal)))
            throw new VerificationException(RepositoryReasons.WrongSuite,
                $"{what}: {signedUrl} is for suite '{rel.Suite}' / codename '{rel.Codename}', not '{suite}'");

        var components = flat ? [""] : source.Components;
        var digest = "sha256:" + MetadataFetcher.Hex(SHA256.HashData(signedFile));
        // The indexes follow from the signed file (their digests are in it): images of one run that share the
        // repository and whose keys verified this very file share its parsed indexes.
        var (index, indexes) = fetcher.Cache is { } cache
            ? await cache.GetOrAddAsync($"apt {fetcher.Resolve(distUrl)} {suite} {string.Join(',', components)} {string.Join(',', source.Architectures)} {digest}",
                () => ReadIndexesAsync(source, distUrl, components, flat, rel, what, ct)).ConfigureAwait(false)
            : await ReadIndexesAsync(source, distUrl, components, flat, rel, what, ct).ConfigureAwait(false);

        var security = IsSecurity(rel, suite);
        var metadata = new RepositoryMetadata(source.Id, signedUrl, rel.Date, digest, security)
        {
            FetchedFrom = fetchedFrom == signedUrl ? null : fetchedFrom,
            ValidUntil = rel.ValidUntil,
            SignedBy = signature?.Fingerprint,
            Origin = rel.Origin,
            Label = rel.Label,
            Suite = rel.Suite,
            Codename = rel.Codename,
            Indexes = indexes,
        };
        return new AptRepositoryData(source, metadata, index, verified);
    }

    /// <summary>Every Packages index the verified release file lists for the components and architectures, each checked against its SHA-256 there.</summary>
    private async Task<(PackagesIndex Index, IReadOnlyList<string> Indexes)> ReadIndexesAsync(RepositorySource source, string distUrl,
        IReadOnlyList<string> components, bool flat, ReleaseFile rel, string what, CancellationToken ct)
    {
        var index = new PackagesIndex();
        var indexes = new List<string>();
        foreach (var component in components)
            foreach (var arch in source.Architectures)
            {
                var basePath = flat ? "Packages" : $"{component}/binary-{arch}/Packages";
                var got = await FetchIndexAsync(source, distUrl, basePath, rel, what, ct).ConfigureAwait(false);
                if (got is null) continue;
                index.Add(got.Value.Data);
                indexes.Add($"{got.Value.Path} sha256:{got.Value.Sha256}");
            }
        return (index, indexes);
    }

    /// <summary>Security suites as unattended-upgrades recognises them: Debian's <c>Label: Debian-Security</c>,
    /// Ubuntu's and Debian's <c>*-security</c> suites and codenames (old Debian <c>*/updates</c>).</summary>
    internal static bool IsSecurity(ReleaseFile rel, string suite) =>
        string.Equals(rel.Label, "Debian-Security", StringComparison.OrdinalIgnoreCase)
        || (rel.Suite?.EndsWith("-security", StringComparison.Ordinal) ?? false)
        || (rel.Codename?.EndsWith("-security", StringComparison.Ordinal) ?? false)
        || suite.EndsWith("-security", StringComparison.Ordinal)
        || suite.EndsWith("/updates", StringComparison.Ordinal);

    /// <summary>A guess from the configured suite alone, for a repository that could not be reached.</summary>
    internal static bool LooksLikeSecurity(RepositorySource s) =>
        (s.Suite ?? "").EndsWith("-security", StringComparison.Ordinal) || (s.Suite ?? "").EndsWith("/updates", StringComparison.Ordinal)
        || s.BaseUrls.Any(u => u.Contains("security", StringComparison.OrdinalIgnoreCase));

    private OpenPgpVerifier Verifier(RepositorySource source, string what)
    {
        if (source.Keys.Count == 0)
            throw new VerificationException(RepositoryReasons.NoTrustedKey, $"{what}: the image trusts no key for it (no Signed-By, no trusted.gpg.d)");
        try
        {
            return new OpenPgpVerifier(source.Keys.Select(k => (k.Source, k.Data)));
        }
        catch (BadInputException e)
        {
            throw new VerificationException(RepositoryReasons.NoTrustedKey, $"{what}: {e.Message}", e);
        }
    }

    private async Task<(byte[] Data, string Path, string Sha256)?> FetchIndexAsync(RepositorySource source, string distUrl, string basePath,
        ReleaseFile rel, string what, CancellationToken ct)
    {
        foreach (var ext in (string[])[".xz", ".gz", ""])
        {
            var path = basePath + ext;
            if (!rel.Sha256.TryGetValue(path, out var expected)) continue;
            var url = $"{distUrl}/{path}";
            var file = await fetcher.TryGetAsync(url, options.MaxIndexBytes, expected.Sha256, source.Id, ct).ConfigureAwait(false);
            if (file is null && rel.AcquireByHash)
            {
                var dir = path[..(path.LastIndexOf('/') + 1)];
                file = await fetcher.TryGetAsync($"{distUrl}/{dir}by-hash/SHA256/{expected.Sha256}", options.MaxIndexBytes, expected.Sha256, source.Id, ct).ConfigureAwait(false);
            }
            if (file is null) continue;
            var actual = MetadataFetcher.Hex(SHA256.HashData(file.Bytes));
            if (actual != expected.Sha256 || file.Bytes.LongLength != expected.Size)
                throw new VerificationException(RepositoryReasons.HashMismatch,
                    $"{what}: {url} has SHA256 {actual} ({file.Bytes.LongLength} bytes) but the signed Release file says {expected.Sha256} ({expected.Size} bytes)");
            return (Decompressor.Decompress(path, file.Bytes, options.MaxIndexBytes, source.Id), path, actual);
        }
        if (rel.Sha256.Keys.Any(k => k.StartsWith(basePath, StringComparison.Ordinal)))
            throw new ExternalToolException($"repository {source.Id}", $"{distUrl}/{basePath}: listed in the Release file but not found on the server");
        return null;
    }

    private static byte[] StripClearSign(byte[] file)
    {
        var lines = Encoding.UTF8.GetString(file).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.Length == 0) + 1;
        var end = lines.FindIndex(l => l == "-----BEGIN PGP SIGNATURE-----");
        if (start <= 0 || end < start) return file;
        return Encoding.UTF8.GetBytes(string.Join("\n", lines.Skip(start).Take(end - start).Select(l => l.StartsWith("- ", StringComparison.Ordinal) ? l[2..] : l)) + "\n");
    }
}
