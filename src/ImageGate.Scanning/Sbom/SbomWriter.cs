namespace ImageGate.Scanning.Sbom;

/// <summary>Writes an SBOM in either format.</summary>
public static class SbomWriter
{
    /// <summary>Writes <paramref name="subject"/> as <paramref name="format"/>.</summary>
    public static void Write(SbomSubject subject, SbomFormat format, Stream stream)
    {
        if (format == SbomFormat.Spdx) SpdxWriter.Write(subject, stream);
        else CycloneDxWriter.Write(subject, stream);
    }
}
