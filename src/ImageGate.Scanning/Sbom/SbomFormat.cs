namespace ImageGate.Scanning.Sbom;

/// <summary>The software bill of materials formats.</summary>
public enum SbomFormat
{
    /// <summary>SPDX 2.3 JSON.</summary>
    Spdx,
    /// <summary>CycloneDX 1.6 JSON.</summary>
    CycloneDx,
}
