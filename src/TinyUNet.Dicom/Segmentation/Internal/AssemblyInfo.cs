using System.Runtime.CompilerServices;

// The tests reuse the GDCM data-set helpers to build a source CtSeries from reference files (the real CT reader is
// another component) and to inspect what the writer produced.
[assembly: InternalsVisibleTo("TinyUNet.Dicom.Tests")]
