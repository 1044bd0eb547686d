-- Cloud Foundry's stack lifecycle: between deprecated and revoked, a state in which only what runs may redeploy.
ALTER TYPE "BaseImageStatus" ADD VALUE 'restricted' BEFORE 'revoked';
