// Decodes the slices its parent asks for (see TinyUNet.Dicom.Reading.DecoderChild for the protocol).
return TinyUNet.Dicom.Reading.DecoderChild.Run();
