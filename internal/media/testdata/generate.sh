#!/bin/sh
# Regenerates the small media samples the tests read. Needs Debian's ffmpeg (5.1); the files
# are committed, so the tests themselves need no ffmpeg. Every sample is 1-2 seconds long.
set -eu
cd "$(dirname "$0")"
F="ffmpeg -hide_banner -loglevel error -y -bitexact"
V="-f lavfi -i testsrc=size=64x48:rate=10:duration=2"
A="-f lavfi -i sine=frequency=440:sample_rate=48000:duration=2"
A8="-f lavfi -i sine=frequency=440:sample_rate=8000:duration=1"
# a cover picture for the audio files
$F -f lavfi -i testsrc=size=32x32 -frames:v 1 cover.png
# video: MP4 (H.264 + AAC, moov first and last), MOV, WebM (VP8 + Opus)
$F $V $A -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 24k -shortest -movflags +faststart video.mp4
$F $V $A -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 24k -shortest video-moov-last.mp4
$F $V $A -c:v mpeg4 -c:a aac -b:a 24k -shortest -f mov video.mov
$F $V $A -c:v libvpx -b:v 50k -c:a libopus -b:a 16k -shortest video.webm
# audio: MP3 with ID3v2 cover art, Ogg Opus, Ogg Vorbis, WAV, AAC (ADTS), M4A with cover art
$F $A -i cover.png -map 0:a -map 1:v -c:a libmp3lame -b:a 32k -c:v png -id3v2_version 3 \
	-metadata:s:v comment="Cover (front)" -disposition:v attached_pic audio.mp3
$F $A -c:a libmp3lame -b:a 32k -write_xing 0 -id3v2_version 0 audio-cbr.mp3
$F $A -c:a libopus -b:a 16k audio.opus.ogg
$F $A -c:a libvorbis -q:a 0 audio.vorbis.ogg
$F $A8 -c:a pcm_s16le audio.wav
$F $A -c:a aac -b:a 24k -f adts audio.aac
$F $A -i cover.png -map 0:a -map 1:v -c:a aac -b:a 24k -c:v png -disposition:v attached_pic -f ipod audio.m4a
# images that the standard library cannot write
$F -f lavfi -i testsrc=size=64x48 -frames:v 1 -c:v libwebp -lossless 0 image.webp
$F -f lavfi -i testsrc=size=64x48 -frames:v 1 -c:v libwebp -lossless 1 image.lossless.webp
