using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Lists.Reading;
using ImageGate.Site.Sources;

namespace ImageGate.Site.Verification;

/// <summary>Reads an endorsed list and its bundle from files or http(s) URLs and verifies them with a <see cref="ListVerifier"/>.</summary>
public sealed class SignedListLoader
{
    private const int MaxBundleBytes = 1024 * 1024;
    private readonly ListVerifier _verifier;
    private readonly SiteHttpOptions _http;
    private readonly TimeProvider _time;

    /// <summary>Creates the loader.</summary>
    public SignedListLoader(ISignatureVerifier signatures, TimeProvider? time = null, SiteHttpOptions? http = null)
    {
        _time = time ?? TimeProvider.System;
        _verifier = new ListVerifier(signatures, _time);
        _http = http ?? new SiteHttpOptions();
    }

    /// <summary>Loads and verifies; <paramref name="bundle"/> defaults to the list's location plus <c>.sigstore.json</c>.
    /// With an X.509 signer the list is an S/MIME-signed HEPiX image list and needs no bundle.</summary>
    public async Task<VerifiedList> LoadAsync(string list, string? bundle, SignerIdentity signer, string? stateDirectory,
        string workingDirectory, CancellationToken cancellationToken)
    {
        var listLocation = Location.Parse(list, workingDirectory);
        var state = stateDirectory is null ? null : Path.GetFullPath(stateDirectory, workingDirectory);
        if (state is not null) Directory.CreateDirectory(state);
        if (signer.IsX509)
        {
            using var smimeHttp = new HttpTransport(_http, _time);
            var smime = await listLocation.ReadAsync(smimeHttp, EndorsedListReader.MaxBytes, cancellationToken).ConfigureAwait(false);
            return await _verifier.VerifyHepixAsync(smime, signer, listLocation.ToString(), state, cancellationToken).ConfigureAwait(false);
        }
        var bundleLocation = bundle is null ? listLocation.WithSuffix(ImageGate.Lists.ListContract.BundleSuffix) : Location.Parse(bundle, workingDirectory);
        using var http = new HttpTransport(_http, _time);
        var content = await listLocation.ReadAsync(http, EndorsedListReader.MaxBytes, cancellationToken).ConfigureAwait(false);
        var bundleBytes = await bundleLocation.ReadAsync(http, MaxBundleBytes, cancellationToken).ConfigureAwait(false);
        string bundleJson;
        try
        {
            bundleJson = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bundleBytes);
        }
        catch (DecoderFallbackException)
        {
            throw new BadInputException("bundle is not UTF-8 text", bundleLocation.ToString());
        }
        return await _verifier.VerifyAsync(content, bundleJson, signer, listLocation.ToString(), bundleLocation.ToString(), state, cancellationToken).ConfigureAwait(false);
    }
}
