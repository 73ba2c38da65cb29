package media

import (
	"context"
	"fmt"
	"io"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Options are the EGREGOROS_S3_* settings of an S3-compatible object store.
type S3Options struct {
	Endpoint  string // host[:port], without scheme
	Secure    bool   // https
	Region    string
	Bucket    string
	AccessKey string
	SecretKey string
	// PathStyle addresses the bucket in the path (MinIO, Garage, most self-hosted stores)
	// instead of the host name.
	PathStyle bool
	// BaseURL is the origin of the /uploads/ URLs: files are still served by this server,
	// which checks visibility, and read from the bucket.
	BaseURL string
}

// S3 is a Storage in an S3-compatible bucket.
type S3 struct {
	client *minio.Client
	bucket string
	base   string
}

// NewS3 connects to the object store (it sends no request until first use).
func NewS3(o S3Options) (*S3, error) {
	lookup := minio.BucketLookupAuto
	if o.PathStyle {
		lookup = minio.BucketLookupPath
	}
	c, err := minio.New(o.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(o.AccessKey, o.SecretKey, ""),
		Secure: o.Secure, Region: o.Region, BucketLookup: lookup})
	if err != nil {
		return nil, fmt.Errorf("media: s3: %w", err)
	}
	return &S3{client: c, bucket: o.Bucket, base: o.BaseURL}, nil
}

// Put uploads the file.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	if !validKey(key) {
		return fmt.Errorf("media: bad storage key %q", key)
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, r, size, minio.PutObjectOptions{ContentType: contentType,
		CacheControl: "public, max-age=31536000, immutable"})
	if err != nil {
		return fmt.Errorf("media: s3 put %s: %w", key, err)
	}
	return nil
}

// Open returns a reader that fetches ranges from the bucket as it is read and seeked.
func (s *S3) Open(ctx context.Context, key string) (*Blob, error) {
	if !validKey(key) {
		return nil, fmt.Errorf("media: open %s: %w", key, ErrNotFound)
	}
	obj, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s.err("open", key, err)
	}
	st, err := obj.Stat()
	if err != nil {
		obj.Close()
		return nil, s.err("open", key, err)
	}
	return &Blob{ReadSeekCloser: obj, Size: st.Size, ModTime: st.LastModified}, nil
}

// Delete removes the object (S3 answers success for a missing one).
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{}); err != nil {
		if e := s.err("delete", key, err); e != nil && minio.ToErrorResponse(err).Code != minio.NoSuchKey {
			return e
		}
	}
	return nil
}

// URL is the public address of key.
func (s *S3) URL(key string) string { return uploadsURL(s.base, key) }

func (s *S3) err(op, key string, err error) error {
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return fmt.Errorf("media: s3 %s %s: %w", op, key, ErrNotFound)
	}
	return fmt.Errorf("media: s3 %s %s: %w", op, key, err)
}
